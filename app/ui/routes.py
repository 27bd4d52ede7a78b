"""Which screen answers which path, for which roles; the guard that keeps everyone on their own; the menus.

The table is app/ui/screens.py (one declaration per screen); the shell asks `resolve()` where a session
may go and `menu()` which buttons a menu shows to a role.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from app.domain.roles import ROLE_LABELS, Role
from app.i18n import _
from app.services.auth import HOME
from app.ui.navigation import LOGIN, Menu, MenuItem, ScreenRoute
from app.ui.screens import SCREENS

__all__ = ["LOGIN", "Decision", "menu", "path_of", "resolve", "routes"]
_TABLE: dict[str, ScreenRoute] = {s.path: s for s in SCREENS}


@dataclass(frozen=True)
class Decision:
    """Where a session ends up, and what to tell the person when it is not where they asked."""

    route: ScreenRoute
    notice: str = ""

    @property
    def redirected(self) -> bool:
        return bool(self.notice)


def routes() -> dict[str, ScreenRoute]:
    return dict(_TABLE)


def path_of(route: str) -> str:
    path = urlsplit(route or "/").path or "/"
    return path.rstrip("/") or "/"


def resolve(route: str, role: Role | str | None) -> Decision:
    """Where a session with `role` (None: nobody signed in) may go when it asks for `route`."""
    table = _TABLE
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


def menu(which: Menu, role: Role | str | None) -> list[MenuItem]:
    """The buttons of a menu a person with `role` may press, in their order."""
    if role is None:
        return []
    role = Role(role)
    places = sorted(((p.order, s, p) for s in SCREENS for p in s.places if p.menu == which and role in s.roles),
                    key=lambda found: found[0])
    return [MenuItem(p.label or s.label, s.path, p.icon) for _order, s, p in places]
