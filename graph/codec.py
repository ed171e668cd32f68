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
import types
import typing
from typing import Any, TypeVar

from graph import model

__all__ = ["to_record", "from_record"]

T = TypeVar("T")


_SCALARS = (str, int, float, bool, type(None))


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_record(obj: Any) -> Any:
    """A JSON-ready structure (dicts, lists, str, int, bool, None) for a model object."""
    if isinstance(obj, _SCALARS):
        return obj
    if isinstance(obj, (list, tuple)):
        return [to_record(item) for item in obj]
    if isinstance(obj, dict):
        return {key: to_record(value) for key, value in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {name: to_record(getattr(obj, name)) for name in _field_names(type(obj))}
    return obj


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _identity(value: Any) -> Any:
    return value


def _converter(hint: Any):
    """A function turning a JSON value back into a value of type ``hint`` (built once per hint)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        inner = [a for a in args if a is not type(None)]
        convert = _converter(inner[0]) if inner else _identity
        return lambda value: None if value is None else convert(value)
    if dataclasses.is_dataclass(hint):
        return lambda value: from_record(hint, value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            if item is _identity:
                return tuple
            return lambda value: tuple(item(v) for v in value)
        if args:
            items = [_converter(a) for a in args]
            return lambda value: tuple(f(v) for f, v in zip(items, value))
        return tuple
    return _identity


@functools.lru_cache(maxsize=None)
def _converters(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = _hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    """Rebuild a model object of class ``cls`` from :func:`to_record` output."""
    kwargs = {}
    for name, convert in _converters(cls):
        if name in record:
            value = record[name]
            kwargs[name] = None if value is None else convert(value)
    return cls(**kwargs)
