"""Pieces the pick, pack and dock screens share: huge labelled values, a tile, a command key for a press.

Sizes are for a tablet on a cart read from arm's length (about 70 cm) in a bright hall: the one thing
to act on (bin, slot, quantity) at 96-120 px, what it is at 40 px, codes at 26 px.
"""

from __future__ import annotations

import uuid

import flet as ft

from app.ui import theme

BIN = 128        # the bin code, across the whole width (DE1-A02-08-2 is about 1000 px)
HUGE = 104       # quantities
GIANT = 120      # the slot number a unit goes into
TIGHT = ft.TextStyle(height=1.0)   # huge digits need no line gap above them


def big(value: str = "", size: int = HUGE, *, key: str, color: str = theme.INK) -> ft.Text:
    return ft.Text(value, size=size, weight=ft.FontWeight.BOLD, color=color, key=key, no_wrap=True,
                   font_family_fallback=theme.FALLBACKS, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS,
                   style=TIGHT)


def labelled(label: str, value: ft.Control, *, bgcolor: str = theme.PANEL, ink: str = theme.MUTED,
             expand: bool | int = False, key: str | None = None, width: int | None = None) -> ft.Container:
    """A tile: a short label on top, a big value under it."""
    return ft.Container(
        ft.Column([theme.text(label, theme.TEXT_BODY, bold=True, color=ink), value], spacing=0, tight=True,
                  horizontal_alignment=ft.CrossAxisAlignment.START),
        bgcolor=bgcolor, border_radius=theme.RADIUS, padding=ft.Padding.symmetric(horizontal=20, vertical=6),
        expand=expand, key=key, width=width)


def tagged(identifier: str, control: ft.Control) -> ft.Semantics:
    """Give a control a stable DOM hook for browser tests ([flt-semantics-identifier=...])."""
    return ft.Semantics(identifier=identifier, content=control, container=True)


def new_key(prefix: str) -> str:
    """A command key for a button press (a scan brings its own)."""
    return f"{prefix}:{uuid.uuid4().hex}"
