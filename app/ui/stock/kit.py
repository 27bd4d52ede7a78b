"""What the stock screens share: the warehouse a station works in, and big buttons whose handlers show
refusals and send their changes."""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakKeyDictionary

import flet as ft

from app.ui import theme
from app.ui.calls import pressed

_chosen: WeakKeyDictionary = WeakKeyDictionary()   # station session -> warehouse code


def chosen_warehouse(ctx) -> str | None:
    """The warehouse picked on this session, else the one a supervisor set for the station."""
    station = getattr(getattr(ctx, "station", None), "info", None)
    return _chosen.get(ctx) or (getattr(station, "warehouse", "") or None)


def choose_warehouse(ctx, code: str) -> None:
    _chosen[ctx] = code


def act(label: str, handler: Callable, *, key: str, kind: str = "primary", **kw) -> ft.Button:
    """A big button whose handler shows refusals and sends its changes (app/ui/calls.py)."""
    return theme.button(label, pressed(handler), key=key, kind=kind, **kw)
