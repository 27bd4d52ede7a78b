"""Users (admins only): add a person, reset a PIN, switch a badge off or on again, change a role.
Through the auth service (MANAGE_USERS; every change audited). A scanned badge fills the badge field."""

from __future__ import annotations

import flet as ft

from app.domain.roles import ROLE_LABELS, Role
from app.domain.scanning import ScanKind
from app.i18n import LANGUAGES, N_, _
from app.services import auth, site_import
from app.services.auth import UserInfo
from app.ui import theme
from app.ui.scan.pipeline import Scan
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table


def user_row(u: UserInfo, *, changed: bool = False) -> Row:
    state = (Cell(_("switched off"), "error") if not u.active else Cell(_("locked (wrong PINs)"), "warn")
             if u.locked else Cell(_("active"), "ok"))
    return Row(u.badge, (Cell(u.badge, bold=True), u.name, _(ROLE_LABELS[Role(u.role)]), state,
                         LANGUAGES.get(u.language, u.language)),
               actions=True, tone="ok" if changed else "")


class Users(BoardScreen):
    prompt = N_("Type or scan a badge, then choose.")
    interval = 0
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.changed: str | None = None   # the badge changed last: its row is marked
        self.languages: dict[str, str] = {}   # badge -> the language its person speaks
        self.badge = w.Field(ctx, _("Badge"), "users.badge", width=220)
        self.name = w.Field(ctx, _("Name (for a new user)"), "users.name")
        self.pin = w.Field(ctx, _("PIN (4-8 digits)"), "users.pin", width=240, password=True, digits=True)
        self.role = w.Choice([(r.value, _(ROLE_LABELS[r])) for r in Role], Role.PICKER.value, key="users.role")
        self.csv = w.Field(ctx, _("CSV: badge,name,role,pin (one person a line, with that header)"), "users.csv")
        self.csv.control.multiline, self.csv.control.min_lines, self.csv.control.max_lines = True, 3, 8
        self.language = w.Choice(list(LANGUAGES.items()), ctx.language, key="users.language")
        self.table = Table([Column(N_("Badge"), 140), Column(N_("Name")), Column(N_("Role"), 200),
                            Column(N_("State"), 220), Column(N_("Language"), 160)], key="users.table",
                           empty=_("No users yet."), scroll=False, make_actions=self._row_actions,
                           actions_width=150)

    def content(self) -> ft.Control:
        actions = ft.Row([
            w.button(_("Add user"), self._add, key="users.add", kind="primary", icon=ft.Icons.PERSON_ADD),
            w.button(_("Reset PIN"), self._reset_pin, key="users.reset_pin", icon=ft.Icons.PASSWORD),
            w.button(_("Change role"), self._change_role, key="users.change_role", icon=ft.Icons.BADGE),
            w.button(_("Change language"), self._change_language, key="users.change_language",
                     icon=ft.Icons.TRANSLATE),
            w.button(_("Switch badge off"), self._lock, key="users.lock", kind="danger", icon=ft.Icons.BLOCK),
            w.button(_("Switch on / unlock"), self._unlock, key="users.unlock", kind="ok", icon=ft.Icons.LOCK_OPEN),
        ], spacing=10, wrap=True)
        hint = w.label(_("Add: badge, name, role, language and PIN. Reset PIN: badge and the new PIN. Change role "
                         "or language: badge and the choice. Switch off / on: the badge only."),
                       w.TEXT_SMALL, color=theme.MUTED, lines=3)
        form = ft.Column([ft.Row([self.badge.control, self.name.control, self.pin.control], spacing=10),
                          w.label(_("Role"), w.TEXT_SMALL, bold=True), self.role.control,
                          w.label(_("Language"), w.TEXT_SMALL, bold=True), self.language.control,
                          hint, actions], spacing=12)
        bulk = ft.Column([w.label(_("Many people at once"), 22, bold=True), self.csv.control,
                          w.button(_("Import CSV"), self._import, key="users.import", icon=ft.Icons.UPLOAD_FILE)],
                         spacing=10)
        return ft.Column([w.heading(_("Users")),
                          ft.Container(form, bgcolor=theme.PANEL, padding=20, border_radius=theme.RADIUS),
                          ft.Container(bulk, bgcolor=theme.PANEL, padding=20, border_radius=theme.RADIUS),
                          w.label(_("Everyone with a badge"), 22, bold=True), self.table.control],
                         spacing=12, expand=True, scroll=ft.ScrollMode.AUTO)

    async def refresh(self) -> None:
        people = await self.ctx.call(auth.users, self.ctx.actor())
        self.languages = {u.badge: u.language for u in people}
        self.table.show([user_row(u, changed=u.badge == self.changed) for u in people])

    def _row_actions(self, row: Row) -> list[ft.Control]:
        async def choose() -> None:
            self._choose(row.key)
        return [w.button(_("Choose"), choose, key=f"users.choose.{row.key}", icon=ft.Icons.TOUCH_APP)]

    def _choose(self, badge: str) -> None:
        """Fill the form from a listed person: then reset the PIN, change the role, switch off..."""
        self.badge.value = badge
        line = next((r for r in self.table.rows if r.key == badge), None)
        if line is not None:
            name = line.cells[1]
            self.name.value = name.text if isinstance(name, Cell) else name
        if badge in self.languages:
            self.language.select(self.languages[badge])
        self.ctx.feedback.prompt(_("Badge {badge} chosen: now pick what to change.", badge=badge))
        self._send()

    async def on_scan(self, scan: Scan) -> None:
        if scan.kind != ScanKind.BADGE:
            self.ctx.feedback.error(_("Scan a badge."))
            return
        self.badge.value = scan.scanned.value

    def _badge(self) -> str | None:
        badge = self.badge.value.upper().removeprefix("BADGE-")
        if not badge:
            self.ctx.feedback.error(_("Type or scan the badge first."))
            return None
        return badge

    async def _done(self, user: UserInfo | None, message: str) -> None:
        if user is None:
            return
        self.changed = user.badge
        await self.update_now()
        self.pin.value = ""
        self.ctx.feedback.ok(message)

    async def _add(self) -> None:
        if badge := self._badge():
            user = await self.act(auth.add_user, badge, self.name.value,
                                  self.role.value, self.pin.value, language=self.language.value)
            await self._done(user, _("{name} added with badge {badge}.", name=self.name.value, badge=badge))

    async def _reset_pin(self) -> None:
        if badge := self._badge():
            user = await self.act(auth.reset_pin, badge, self.pin.value)
            await self._done(user, _("New PIN set for badge {badge}.", badge=badge))

    async def _change_role(self) -> None:
        if badge := self._badge():
            user = await self.act(auth.change_role, badge, self.role.value)
            await self._done(user, _("Badge {badge} is now {role}.", badge=badge,
                                     role=_(ROLE_LABELS[Role(self.role.value)]).lower()))

    async def _change_language(self) -> None:
        if badge := self._badge():
            user = await self.act(auth.set_language, badge, self.language.value)
            await self._done(user, _("Badge {badge} now speaks {language} (from the next login).", badge=badge,
                                     language=LANGUAGES[self.language.value]))

    async def _lock(self) -> None:
        if badge := self._badge():
            user = await self.act(auth.lock_user, badge)
            await self._done(user, _("Badge {badge} is switched off.", badge=badge))

    async def _unlock(self) -> None:
        if badge := self._badge():
            user = await self.act(auth.unlock_user, badge)
            await self._done(user, _("Badge {badge} is switched on and unlocked.", badge=badge))

    async def _import(self) -> None:
        done = await self.act(site_import.import_users_text, self.csv.control.value or "")
        if done is not None:
            self.csv.value = ""
            self.ctx.feedback.ok(_("{added} added, {kept} there already.", added=done.added, kept=done.unchanged))
