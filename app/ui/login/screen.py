"""Login: scan (or type) a badge, then the PIN on the keypad or the keyboard; land on the role's home."""

from __future__ import annotations

import flet as ft

from app.domain.errors import BadgeLocked, DomainError, InvalidInput
from app.domain.scanning import ScanKind
from app.i18n import LANGUAGES, _
from app.services import auth
from app.ui import theme
from app.ui.login.flow import LoginFlow
from app.ui.login.keypad import Keypad
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen

DIGIT_KEYS = {**{d: d for d in "0123456789"}, **{f"Numpad {d}": d for d in "0123456789"},
              "Backspace": "back", "Escape": "clear", "Delete": "clear"}


class LoginScreen(Screen):
    activity = "login"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.flow = LoginFlow()
        self.title = theme.text("", theme.TEXT_HUGE, bold=True, key="login.title")
        self.hint = theme.text("", theme.TEXT_BODY, color=theme.MUTED, key="login.hint")
        self.dots = theme.text("", 64, bold=True, key="login.dots")
        self.manual = ManualEntry(ctx.scans, label=_("Badge number"), key="login.badge")
        self.keypad = Keypad(self.press, self.submit)
        self.again = theme.button(_("Other badge"), self.other_badge, key="login.other", kind="plain")
        self.pin_side = ft.Column([self.dots, self.again], spacing=theme.GAP * 2)
        self.languages = ft.Row([self._language_button(code, name) for code, name in LANGUAGES.items()],
                                spacing=12, wrap=True, key="login.languages")

    def _language_button(self, code: str, name: str) -> ft.Control:
        """One language of the station's switch (each named in itself, so anyone finds their own)."""
        async def choose() -> None:
            await self.ctx.choose_station_language(code)
        current = code == self.ctx.language
        return theme.button(name, choose, key=f"login.language.{code}", kind="primary" if current else "plain",
                            height=theme.TOUCH, size=24, padding=20)

    def build(self) -> ft.Control:
        self._render()
        words = ft.Column([self.title, self.hint, self.manual.control, self.pin_side, self.languages],
                          spacing=theme.GAP * 1.5, expand=True)
        return ft.Row([words, self.keypad.control], spacing=48, vertical_alignment=ft.CrossAxisAlignment.START)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Scan your badge."))

    def _render(self) -> None:
        pin = self.flow.step == "pin"
        self.title.value = _("Badge {badge}", badge=self.flow.badge) if pin else _("Log in")
        self.hint.value = (_("Enter your PIN: tap the digits, then OK. Or type it and press Enter.") if pin
                           else _("Scan the badge barcode, or type its number and press Enter."))
        self.dots.value = self.flow.dots
        self.manual.control.visible = not pin
        self.pin_side.visible = self.keypad.control.visible = pin
        self.languages.visible = not pin
        self.keypad.ok.disabled = self.flow.busy

    def _refresh(self) -> None:
        self._render()
        self.ctx.send()

    # ---- input ---------------------------------------------------------------------------------
    async def on_scan(self, scan: Scan) -> None:
        if self.flow.step == "badge" or scan.kind == ScanKind.BADGE:
            problem = self.flow.take_badge(scan.scanned)
            if problem:
                self.flow.restart()
                self._refresh()
                raise InvalidInput(problem)
            self._refresh()
            self.ctx.feedback.prompt(_("Enter your PIN."))
        elif scan.source == "scanner":   # a burst that is not a badge: never let it count as a PIN
            self.flow.press("clear")
            self._refresh()
            raise InvalidInput(_("That is not a badge. Enter your PIN, or scan your badge."))
        else:
            await self.submit()

    def on_key(self, key: str, pending: str) -> None:
        if self.flow.step != "pin":
            return
        if key in ("Enter", "Numpad Enter"):
            if not pending:        # nothing buffered: the PIN came from the keypad; Enter means OK
                self.ctx.spawn(self.submit())
            return
        if key in DIGIT_KEYS and self.flow.press(DIGIT_KEYS[key]):
            self._refresh()

    def press(self, key: str) -> None:
        if self.flow.press(key):
            self._render()

    def other_badge(self) -> None:
        self.flow.restart()
        self._render()
        self.ctx.feedback.prompt(_("Scan your badge."))

    async def submit(self) -> None:
        if not self.flow.can_submit:
            if self.flow.step == "pin" and not self.flow.busy:
                self.ctx.feedback.error(_("A PIN has 4 to 8 digits."))
            return
        self.flow.busy = True
        self._refresh()
        self.ctx.feedback.prompt(_("Checking…"))
        badge, pin = self.flow.badge, self.flow.pin
        try:
            who = await self.ctx.call(auth.login, badge, pin,
                                      self.ctx.station.station_id)
        except (BadgeLocked, InvalidInput) as exc:   # no point in another PIN for this badge
            self.flow.restart()
            self._refresh()
            self.ctx.feedback.error(exc.message)
            return
        except DomainError as exc:
            self.flow.busy = False
            self.flow.press("clear")
            self._refresh()
            self.ctx.feedback.error(exc.message)
            return
        self.ctx.feedback.ok(_("Welcome, {name}.", name=who.name))
        await self.ctx.signed_in_as(who)
