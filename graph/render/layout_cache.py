"""The page's layout kept between builds: the positions of the last page, reused for the same drawing.

Laying out the page's concepts (:func:`graph.render.html.layout_positions`: a spring layout of
each connected component, then shelves) is a pure function of the concepts drawn, the links
between them and the seed. After one changed article the page usually draws the same concepts
and links (its best-supported part), so a build keeps the last layout in a file of its cache,
under a hash of what it was computed from, and takes it back when that hash is the same: the
same positions, the same bytes.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "page.layout"
>>> calls = []
>>> def lay_out(nodes, edges, seed):
...     calls.append(1)
...     return {n: (i, 0) for i, n in enumerate(nodes)}
>>> first = cached_layout(path, ["a", "b"], [("a", "b")], 7, lay_out)
>>> cached_layout(path, ["a", "b"], [("a", "b")], 7, lay_out) == first
True
>>> len(calls), cached_layout(path, ["a", "c"], [], 7, lay_out), len(calls)
(1, {'a': (0, 0), 'c': (1, 0)}, 2)
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from graph.errors import GraphError
from graph.fileio import atomic_write_bytes

__all__ = ["cached_layout"]

log = logging.getLogger(__name__)


def cached_layout(path: str | os.PathLike, nodes: list[str], edges: list[tuple[str, str]], seed: int,
                  lay_out: Callable[[list[str], list[tuple[str, str]], int], dict]) -> dict:
    """``lay_out(nodes, edges, seed)``, read back from ``path`` when the last layout kept there was
    computed from the same ``nodes``, ``edges`` and ``seed``; else computed and kept there."""
    key = hashlib.sha256(repr((nodes, edges, seed)).encode("utf-8", "surrogatepass")).hexdigest()
    try:
        kept = pickle.loads(Path(path).read_bytes())
        if isinstance(kept, dict) and kept.get("key") == key and isinstance(kept.get("positions"), dict):
            return kept["positions"]
    except FileNotFoundError:
        pass
    except Exception as error:  # a damaged file only costs laying the page out again
        log.info("page layout %s cannot be read (%s): laying the page out again", path, error)
    positions = lay_out(nodes, edges, seed)
    try:
        atomic_write_bytes(path, pickle.dumps({"key": key, "positions": positions},
                                              protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except (OSError, GraphError) as error:
        log.info("page layout %s cannot be kept (%s)", path, error)
    return positions
