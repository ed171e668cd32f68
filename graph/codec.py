"""Plain-data records for the model's dataclasses, and back.

Used by the graph file, the extraction cache and the Parquet hand-off, so they all
agree on one representation. Tuples become lists on the way out and tuples again
on the way in (the dataclasses are frozen and hashable).

>>> from graph.model import Evidence, Claim
>>> claim = Claim("ketamine", "treats", "ptsd", evidence=(Evidence("s", "x", 0, 1, subject_span=(0, 3)),))
>>> from_record(Claim, to_record(claim)) == claim
True
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from typing import Any, TypeVar

from graph import model

__all__ = ["to_record", "from_record"]

T = TypeVar("T")


def to_record(obj: Any) -> Any:
    """A JSON-ready structure (dicts, lists, str, int, bool, None) for a model object."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_record(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_record(item) for item in obj]
    if isinstance(obj, dict):
        return {key: to_record(value) for key, value in obj.items()}
    return obj


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is getattr(__import__("types"), "UnionType", None):
        inner = [a for a in args if a is not type(None)]
        return _convert(inner[0], value) if inner else value
    if dataclasses.is_dataclass(hint):
        return from_record(hint, value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        if args:
            return tuple(_convert(a, v) for a, v in zip(args, value))
        return tuple(value)
    return value


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    """Rebuild a model object of class ``cls`` from :func:`to_record` output."""
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in record:
            kwargs[f.name] = _convert(hints[f.name], record[f.name])
    return cls(**kwargs)
