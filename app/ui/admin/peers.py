"""The other sites (admins): each peer's address, its warehouses, messages waiting for it and the last error;
add one (or give it its token) with the site code, the address and the token it gave this site. A new peer's
token for this site is shown once, large, to read out or copy to the other site's admin."""

from __future__ import annotations

import flet as ft

from app.i18n import N_, _
from app.services import peers
from app.services.commands import new_key
from app.ui import theme
from app.ui.supervisor import widgets as w
from app.ui.supervisor.frame import BoardScreen
from app.ui.supervisor.table import Cell, Column, Row, Table


class Peers(BoardScreen):
    prompt = N_("The other sites of the network.")
    interval = 5.0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.site = w.Field(ctx, _("Site code"), "peers.site", width=200)
        self.url = w.Field(ctx, _("Address (https://...)"), "peers.url")
        self.token = w.Field(ctx, _("Token that site gave us"), "peers.token", password=True)
        self.given = w.label("", 22, bold=True, key="peers.new_token", lines=3)
        self.key = new_key("peer")
        self.table = Table([Column(N_("Site"), 110), Column(N_("Address")), Column(N_("Warehouses"), 200),
                            Column(N_("Waiting"), 110, numeric=True), Column(N_("Link"), 330)],
                           key="peers.table", empty=_("No peers yet: add the first site above."), scroll=False)

    def content(self) -> ft.Control:
        form = ft.Column([ft.Row([self.site.control, self.url.control, self.token.control], spacing=10),
                          ft.Row([w.button(_("Add or update peer"), self._add, key="peers.add", kind="primary",
                                           icon=ft.Icons.HUB)], spacing=10), self.given], spacing=12)
        return ft.Column([w.heading(_("Peers")),
                          ft.Container(form, bgcolor=theme.PANEL, padding=20, border_radius=theme.RADIUS),
                          self.table.control], spacing=12, expand=True, scroll=ft.ScrollMode.AUTO)

    async def refresh(self) -> None:
        found = await self.ctx.call(peers.listing, self.ctx.actor())
        self.table.show([Row(p.code, (Cell(p.code, bold=True), p.url, ", ".join(p.warehouses) or "—",
                                      Cell(str(p.pending), "warn" if p.pending else ""),
                                      Cell(_("error: {e}", e=p.last_error[:60]), "error") if p.last_error else
                                      Cell(_("seen {t}", t=w.clock(p.last_seen_at)), "ok") if p.last_seen_at else
                                      Cell(_("not heard from yet"), "muted")))
                         for p in found])

    async def _add(self) -> None:
        done = await self.ctx.attempt(peers.add, self.ctx.actor(), self.site.value, self.url.value, self.token.value,
                                      key=self.key)
        if done is None:
            return
        self.key = new_key("peer")
        self.token.value = ""
        self.given.value = (_("Give {site} this token for its own peer setup (shown once):\n{token}",
                              site=done.peer.code, token=done.token_for_peer) if done.token_for_peer else "")
        self.ctx.feedback.ok(_("Peer {site} saved.", site=done.peer.code))
        await self.update_now()
