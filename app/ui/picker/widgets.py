"""Pieces the pick, pack and dock screens share: huge labelled values, a tile, and a guarded service call.

Sizes are for a tablet on a cart read from arm's length (about 70 cm) in a bright hall: the one thing
to act on (bin, slot, quantity) at 96-120 px, what it is at 40 px, codes at 26 px.
"""

from __future__ import annotations

import inspect
import logging
import uuid

import flet as ft

from app.domain.errors import DomainError, PermissionDenied
from app.i18n import _
from app.ui import theme

log = logging.getLogger(__name__)
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


async def attempt(ctx, service_fn, *args, denied=None, **kwargs):
    """A service call from a button: a refusal flashes red with its message and returns None.
    `denied(message)`, when given, handles PermissionDenied instead (e.g. the task went to someone else)."""
    try:
        return await ctx.call(service_fn, *args, **kwargs)
    except PermissionDenied as exc:
        if denied is None:
            ctx.feedback.error(exc.message)
        else:
            await denied(exc.message)
    except DomainError as exc:
        ctx.feedback.error(exc.message)
    except Exception:
        log.exception("%s failed", getattr(service_fn, "__name__", service_fn))
        ctx.feedback.error(_("That did not go through. Press it again."))
    return None


def pressed(ctx, handler):
    """A button handler that sends its changes itself: the feedback strip calls update(), and an explicit
    update() inside a handler switches Flet's automatic one off (the show_dialog trap)."""
    async def run(*args) -> None:
        result = handler(*args)
        if inspect.isawaitable(result):
            await result
        refresh(ctx)
    return run


def refresh(ctx) -> None:
    """Send what changed now (for code that runs outside a control event, e.g. a poll)."""
    try:
        ctx.page.update()
    except RuntimeError:   # the session is gone
        pass
