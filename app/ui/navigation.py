"""What the screen table is made of: a screen's route (path, roles, label, places) and the menus a place
is in. app/ui/screens.py declares every screen with these; a screen asks the session for a menu
(`ctx.menu(Menu.BOARD)`), never for the table, so no screen module imports it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import flet as ft

from app.domain.roles import Role

LOGIN = "/login"


class Menu(StrEnum):
    BOARD = "board"                        # the board's menu on the left (supervisor, admin)
    STOCK = "stock"                        # the stock hub's buttons for everyone on the floor
    STOCK_SUPERVISE = "stock_supervise"    # the stock hub's row for supervisors
    ADMIN = "admin"                        # the admin's home


@dataclass(frozen=True)
class Place:
    """A screen's button in `menu`: `order` among the menu's buttons; `label` (a msgid) when the button says
    something else than the screen's own label."""

    menu: Menu
    order: int
    icon: ft.IconData | None = None
    label: str = ""


@dataclass(frozen=True)
class MenuItem:
    """One button of a menu, as a screen shows it (label still a msgid: translated when shown)."""

    label: str
    path: str
    icon: ft.IconData | None


@dataclass(frozen=True)
class ScreenRoute:
    path: str
    make: Callable               # make(ctx) -> a screen object (see app/ui/screen.py)
    roles: frozenset[Role]       # empty: anyone, signed in or not (the login screen)
    label: str                   # msgid: what the screen is, for the header and messages
    places: tuple[Place, ...] = field(default=())

    def __init__(self, path: str, make: Callable, roles: Iterable[Role], label: str,
                 places: tuple[Place, ...] = ()) -> None:
        for name, value in (("path", path), ("make", make), ("roles", frozenset(roles)), ("label", label),
                            ("places", places)):
            object.__setattr__(self, name, value)
