"""Which screen answers which path, for which roles; and the guard that keeps everyone on their own.

A role's screens register here with `screen(path, roles, label)`; the shell asks `resolve()` where a
session may go. Adding a work screen = one component file + one `@screen(...)` line (see docs/ui.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.domain.roles import ROLE_LABELS, Role
from app.i18n import _
from app.services.auth import HOME

LOGIN = "/login"


@dataclass(frozen=True)
class ScreenRoute:
    path: str
    roles: frozenset[Role]       # empty: anyone, signed in or not (the login screen)
    make: Callable               # make(ctx) -> a screen object (see app/ui/screen.py)
    label: str                   # what the screen is, for the header and messages


@dataclass(frozen=True)
class Decision:
    """Where a session ends up, and what to tell the person when it is not where they asked."""

    route: ScreenRoute
    notice: str = ""

    @property
    def redirected(self) -> bool:
        return bool(self.notice)


_ROUTES: dict[str, ScreenRoute] = {}
_loaded = False


def screen(path: str, roles: Iterable[Role], label: str):
    """Decorator: register a screen class or factory for a path and the roles that may open it."""
    def register(make):
        _ROUTES[path] = ScreenRoute(path, frozenset(roles), make, label)
        return make
    return register


def routes() -> dict[str, ScreenRoute]:
    _load_screens()
    return dict(_ROUTES)


def path_of(route: str) -> str:
    path = urlsplit(route or "/").path or "/"
    return path.rstrip("/") or "/"


def resolve(route: str, role: Role | str | None) -> Decision:
    """Where a session with `role` (None: nobody signed in) may go when it asks for `route`."""
    table = routes()
    path = path_of(route)
    if role is None:
        wanted = table.get(path)
        if wanted is not None and not wanted.roles:
            return Decision(wanted)
        notice = _("Log in first.") if path not in ("/", LOGIN) else ""
        return Decision(table[LOGIN], notice)
    role = Role(role)
    home = table[HOME[role]]
    wanted = table.get(path)
    if path in ("/", LOGIN):
        return Decision(home)
    if wanted is None:
        return Decision(home, _("There is no screen at {path}. This is your screen.", path=path))
    if wanted.roles and role not in wanted.roles:
        return Decision(home, _("{screen} is not for a {role}. This is your screen.",
                                screen=_(wanted.label), role=_(ROLE_LABELS[role]).lower()))
    if not wanted.roles:
        return Decision(home)
    return Decision(wanted)


def _load_screens() -> None:
    """Import every screen module once so their @screen lines run."""
    global _loaded
    if not _loaded:
        from app.ui import screens  # noqa: F401  (the list of screen modules)
        _loaded = True
