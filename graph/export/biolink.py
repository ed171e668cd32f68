"""The Biolink model as the ``biolink-model`` package ships it, read offline.

The package holds the model's LinkML schema (``schema/biolink_model.yaml``) and its prefix
map (``prefixmaps/biolink_model_prefix_map.json``); both are read as plain files (the
package is not imported, so neither LinkML nor a network fetch is involved). From them:

- class ancestry (``is_a`` and mixins), so a category can be checked against a predicate's
  domain and range;
- each predicate's domain and range, inherited along ``is_a`` as LinkML does;
- each class's ``id_prefixes`` (the identifier namespaces Biolink prefers for it);
- the prefix map that expands CURIEs (``MESH:`` to ``http://id.nlm.nih.gov/mesh/``).

>>> m = biolink_model()
>>> m.version
'4.4.6'
>>> m.fits("biolink:treats_or_applied_or_studied_to_treat", ["biolink:Treatment"], ["biolink:DiseaseOrPhenotypicFeature"])
True
>>> m.fits("biolink:treats_or_applied_or_studied_to_treat", ["biolink:Procedure"], ["biolink:DiseaseOrPhenotypicFeature"])
False
>>> m.prefix_map["MESH"]
'http://id.nlm.nih.gov/mesh/'
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph.fileio import load_yaml
from graph.errors import ExportError

__all__ = ["BiolinkModel", "biolink_model", "class_curie", "slot_curie", "model_dir", "claim_predicate"]

PACKAGE = "biolink_model"


def model_dir() -> Path:
    """The installed ``biolink_model`` package folder (found without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("the biolink-model package is not installed (pip install 'biolink-model==4.4.6')")
    return Path(list(spec.submodule_search_locations)[0])


def class_curie(name: str) -> str:
    """A Biolink class name as a CURIE.

    >>> class_curie("disease or phenotypic feature")
    'biolink:DiseaseOrPhenotypicFeature'
    """
    return "biolink:" + "".join(word[:1].upper() + word[1:] for word in name.split(" "))


def slot_curie(name: str) -> str:
    """A Biolink slot (predicate) name as a CURIE.

    >>> slot_curie("has adverse event")
    'biolink:has_adverse_event'
    """
    return "biolink:" + name.replace(" ", "_")


@dataclass(frozen=True)
class BiolinkModel:
    """Classes, slots, enums and the prefix map of one Biolink release."""

    version: str
    classes: dict
    slots: dict
    enums: dict
    prefix_map: dict[str, str]

    @functools.cached_property
    def _class_names(self) -> dict[str, str]:
        return {class_curie(name): name for name in self.classes}

    @functools.cached_property
    def _slot_names(self) -> dict[str, str]:
        return {slot_curie(name): name for name in self.slots}

    def is_class(self, curie: str) -> bool:
        """A concrete (not mixin, not abstract) Biolink class: usable as a node category."""
        name = self._class_names.get(curie)
        return name is not None and not self.classes[name].get("mixin") and not self.classes[name].get("abstract")

    def is_predicate(self, curie: str) -> bool:
        """A slot descending from ``related to`` (an edge predicate), not deprecated."""
        name = self._slot_names.get(curie)
        if name is None or self.slots[name].get("deprecated"):
            return False
        seen = set()
        while name and name not in seen:
            if name == "related to":
                return True
            seen.add(name)
            definition = self.slots.get(name) or {}
            parents = [definition.get("is_a"), *(definition.get("mixins") or [])]
            name = next((p for p in parents if p), None)
        return False

    def ancestors(self, curie: str) -> set[str]:
        """The class and every class or mixin above it (``is_a`` and ``mixins``, transitively), as CURIEs."""
        name = self._class_names.get(curie)
        if name is None:
            raise ExportError(f"{curie} is not a class of Biolink {self.version}")
        out: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current in out:
                continue
            out.add(current)
            definition = self.classes.get(current) or {}
            if definition.get("is_a"):
                stack.append(definition["is_a"])
            stack.extend(definition.get("mixins") or [])
        return {class_curie(n) for n in out}

    def _inherited(self, curie: str, key: str) -> str:
        name = self._slot_names.get(curie)
        if name is None:
            raise ExportError(f"{curie} is not a slot of Biolink {self.version}")
        seen = set()
        while name and name not in seen:
            seen.add(name)
            definition = self.slots.get(name) or {}
            if definition.get(key):
                return class_curie(definition[key])
            name = definition.get("is_a")
        return "biolink:NamedThing"

    def domain(self, predicate: str) -> str:
        """The predicate's domain class (inherited along ``is_a``; ``NamedThing`` when none is set)."""
        return self._inherited(predicate, "domain")

    def range(self, predicate: str) -> str:
        """The predicate's range class (inherited along ``is_a``; ``NamedThing`` when none is set)."""
        return self._inherited(predicate, "range")

    def fits(self, predicate: str, subject_categories: Iterable[str], object_categories: Iterable[str]) -> bool:
        """Whether some subject category is within the domain and some object category within the range."""
        domain, range_ = self.domain(predicate), self.range(predicate)
        return any(domain in self.ancestors(c) for c in subject_categories) and any(
            range_ in self.ancestors(c) for c in object_categories
        )

    def id_prefixes(self, curie: str) -> list[str]:
        """The identifier prefixes Biolink lists for a class, nearest class first (inherited along ``is_a``)."""
        name = self._class_names.get(curie)
        seen = set()
        while name and name not in seen:
            seen.add(name)
            definition = self.classes.get(name) or {}
            if definition.get("id_prefixes"):
                return list(dict.fromkeys(definition["id_prefixes"]))
            name = definition.get("is_a")
        return []

    def enum_values(self, enum: str) -> set[str]:
        """Permissible values of an enumeration (``KnowledgeLevelEnum``, ...)."""
        return set((self.enums.get(enum) or {}).get("permissible_values") or {})


@functools.lru_cache(maxsize=1)
def biolink_model() -> BiolinkModel:
    """The Biolink model of the installed ``biolink-model`` package (read once per process; the
    parsed schema is kept in the data cache, :mod:`graph.datacache`, between processes)."""
    from graph.datacache import cached, file_stamp

    root = model_dir()
    try:
        files = [root / "schema" / "biolink_model.yaml", root / "prefixmaps" / "biolink_model_prefix_map.json"]
        schema, prefixes = cached("biolink", [file_stamp(f) for f in files], lambda: (
            load_yaml(files[0].read_text(encoding="utf-8")), json.loads(files[1].read_text(encoding="utf-8"))))
    except (OSError, yaml.YAMLError, json.JSONDecodeError) as error:
        raise ExportError(f"cannot read the Biolink model from {root}: {error}") from error
    prefix_map = {k: v for k, v in prefixes.items() if isinstance(v, str) and v.startswith("http")}
    return BiolinkModel(
        version=str(schema.get("version", "")),
        classes=schema.get("classes") or {},
        slots=schema.get("slots") or {},
        enums=schema.get("enums") or {},
        prefix_map=prefix_map,
    )


def claim_predicate(predicate: str, subject_categories: Iterable[str], object_categories: Iterable[str]) -> str:
    """The Biolink predicate (a CURIE) of a project predicate between nodes of these categories.

    The first of :data:`~graph.namespaces.BIOLINK_PREDICATES` and then
    :data:`~graph.namespaces.PREDICATE_FALLBACKS` that fits by the model's domain and range;
    ``biolink:related_to`` when none does.

    >>> claim_predicate("treats", ["biolink:Treatment"], ["biolink:PhenotypicFeature"])
    'biolink:treats_or_applied_or_studied_to_treat'
    >>> claim_predicate("subclass_of", ["biolink:Protein"], ["biolink:Protein"])
    'biolink:related_to_at_concept_level'
    """
    return _claim_predicate(predicate, tuple(subject_categories), tuple(object_categories))


@functools.lru_cache(maxsize=4096)
def _claim_predicate(predicate: str, subject_categories: tuple[str, ...], object_categories: tuple[str, ...]) -> str:
    """:func:`claim_predicate`, once per (predicate, categories): a graph has a few hundred of them
    against hundreds of thousands of claims, and each answer walks the model's class tree."""
    from graph.namespaces import BIOLINK_PREDICATES, PREDICATE_FALLBACKS

    model = biolink_model()
    for iri in (BIOLINK_PREDICATES[predicate], *PREDICATE_FALLBACKS.get(predicate, ())):
        curie = "biolink:" + str(iri).rsplit("/", 1)[-1]
        if model.fits(curie, subject_categories, object_categories):
            return curie
    return "biolink:related_to"
