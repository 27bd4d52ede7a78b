"""How a screen's code runs: a button's handler and a sent page, written once for every screen.

Services are called through the station session: `ctx.call(service, ...)` (a refusal raises: a scan's
pipeline shows it) and `ctx.attempt(service, ...)` (a refusal is shown here and None comes back); both
run the service in a worker thread with what bootstrap binds to it (app/ui/shell.py).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable

import flet as ft

from app.domain.errors import DomainError
from app.i18n import _

log = logging.getLogger(__name__)


def refusal(exc: DomainError) -> str:
    """A service's refusal as one line: the message, and for bad input what is wrong (the fields' own
    sentences; one-word markers such as "required", or words the message says already, add nothing)."""
    said = [v for v in getattr(exc, "fields", {}).values()
            if isinstance(v, str) and " " in v.strip() and v not in exc.message]
    return " ".join([exc.message, "; ".join(said)]) if said else exc.message


def failed() -> str:
    """What a person reads when a call broke (not a refusal): nothing was changed, do it again."""
    return _("That did not go through; nothing was changed. Try again.")


def send(*controls: ft.BaseControl) -> bool:
    """Send every change now: of `controls` (a page, or a few controls), else of the page of the event being
    handled. Any update() inside a handler (the feedback strip makes one) switches Flet's automatic one off,
    and code outside an event (a poll, a worker's answer) has none: both need this. False when the session
    is gone (or the controls are not on a page yet): there is nothing to show then."""
    try:
        for control in controls or (ft.context.page,):
            control.update()
        return True
    except RuntimeError:
        return False


def pressed(handler: Callable) -> Callable:
    """A button's handler: a refusal shows on the feedback strip (scans get this from their pipeline), and
    every change it made is sent."""
    async def run(*args) -> None:
        try:
            result = handler(*args)
            if inspect.isawaitable(result):
                await result
        except DomainError as exc:
            _shell().feedback.error(refusal(exc))
        except Exception:
            log.exception("%s failed", getattr(handler, "__qualname__", handler))
            _shell().feedback.error(failed())
        send()
    return run


def _shell():
    """The station session of the event being handled (app/ui/shell.py puts itself in page.data)."""
    return ft.context.page.data
