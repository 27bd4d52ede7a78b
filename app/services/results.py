"""Frozen result objects to and from JSON, so a retried command gets its first answer back."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")


def to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def from_json(kind: Any, data: Any) -> Any:
    """Rebuild a value of type `kind` (dataclass, tuple[X, ...], Optional, date...) from JSON."""
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(kind) if a is not type(None)]
        return from_json(inner[0], data) if len(inner) == 1 else data
    if origin in (tuple, list):
        args = typing.get_args(kind)
        item = args[0] if args else Any
        items = [from_json(item, v) for v in data]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        _, vtype = typing.get_args(kind)
        return {k: from_json(vtype, v) for k, v in data.items()}
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: from_json(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.name in data})
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    return data
