"""The band on top of every screen: who is signed in, their role, this station, a big Log out."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain.roles import ROLE_LABELS, Role
from app.i18n import _
from app.services.auth import SignedIn
from app.ui import theme


class Header:
    def __init__(self, on_logout: Callable) -> None:
        self._person = ft.Text("", size=theme.TEXT_TITLE, weight=ft.FontWeight.BOLD, color=theme.PAPER,
                               key="header.person", font_family_fallback=theme.FALLBACKS,
                               max_lines=1, overflow=ft.TextOverflow.ELLIPSIS)
        self._detail = ft.Text("", size=theme.TEXT_LABEL, color=theme.PAPER, key="header.detail",
                               font_family_fallback=theme.FALLBACKS)
        self._countdown = ft.Container(
            visible=False, bgcolor=theme.FOCUS, border_radius=theme.RADIUS,
            padding=ft.Padding.symmetric(horizontal=18, vertical=10),
            content=ft.Text("", size=theme.TEXT_BODY, weight=ft.FontWeight.BOLD, color=theme.INK,
                            key="header.countdown", font_family_fallback=theme.FALLBACKS))
        self._logout = theme.button(_("Log out"), on_logout, key="header.logout", kind="danger",
                                    icon=ft.Icons.LOGOUT, height=80, size=30)
        self.control = ft.Container(
            bgcolor=theme.BRAND, padding=ft.Padding.symmetric(horizontal=24, vertical=12),
            content=ft.Row(
                [ft.Column([self._person, self._detail], spacing=2, expand=True, tight=True),
                 self._countdown, self._logout],
                spacing=theme.GAP, vertical_alignment=ft.CrossAxisAlignment.CENTER),
        )

    def show(self, who: SignedIn | None, station: str, screen: str) -> None:
        self._logout.content.value = _("Log out")   # in the language of whoever is signed in now
        where = " · ".join(p for p in (station, screen) if p)
        if who is None:
            self._person.value = "Floor"
            self._detail.value = where
            self._logout.visible = False
        else:
            self._person.value = who.name
            self._detail.value = " · ".join(p for p in (_(ROLE_LABELS[Role(who.role)]), where) if p)
            self._logout.visible = True
        self._countdown.visible = False

    def countdown(self, seconds: int | None) -> None:
        """Seconds left before the idle log-out, or None to hide the warning."""
        self._countdown.visible = seconds is not None
        if seconds is not None:
            self._countdown.content.value = _("Logging out in {n} s", n=seconds)
