"""What the stock screens share: the warehouse a station works in, look-ups done through services, and
button handlers that show refusals and send their changes (see guard and send)."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from weakref import WeakKeyDictionary

import flet as ft

from app.domain.errors import DomainError
from app.i18n import _
from app.ui import theme

log = logging.getLogger(__name__)
_chosen: WeakKeyDictionary = WeakKeyDictionary()   # station session -> warehouse code


def chosen_warehouse(ctx) -> str | None:
    """The warehouse picked on this session, else the one a supervisor set for the station."""
    station = getattr(getattr(ctx, "station", None), "info", None)
    return _chosen.get(ctx) or (getattr(station, "warehouse", "") or None)


def choose_warehouse(ctx, code: str) -> None:
    _chosen[ctx] = code


def refusal(exc: DomainError) -> str:
    """A service's refusal as one line: the message, and for bad input what is wrong (the fields' own
    sentences; one-word markers such as "required" add nothing to the message)."""
    said = [v for v in getattr(exc, "fields", {}).values() if isinstance(v, str) and " " in v.strip()]
    return " ".join([exc.message, "; ".join(said)]) if said else exc.message


def act(ctx, label: str, handler: Callable, *, key: str, kind: str = "primary", **kw) -> ft.Button:
    """A big button whose handler is guarded (see guard)."""
    return theme.button(label, guard(ctx, handler), key=key, kind=kind, **kw)


def send(ctx) -> None:
    """Send every change now. Any update() in a handler (the feedback strip makes one) cancels Flet's
    automatic update at its end, and shown() runs after the shell's own update: both need this."""
    try:
        ctx.page.update()
    except RuntimeError:   # the session is gone
        pass


def guard(ctx, handler: Callable) -> Callable:
    """A button's handler: refusals show on the strip (scans get this from the pipeline), and what
    it changed is sent even when the feedback strip already made an update."""
    async def run() -> None:
        try:
            result = handler()
            if inspect.isawaitable(result):
                await result
        except DomainError as exc:
            ctx.feedback.error(refusal(exc))
        except Exception:
            log.exception("stock screen action failed")
            ctx.feedback.error(_("That did not go through. Try again."))
        send(ctx)
    return run
