"""Stock: one place to start receiving, put-away, transfer receipts and counts (and, for supervisors,
the inbound list, transfers and count approvals)."""

from __future__ import annotations

import flet as ft

from app.domain.roles import Role
from app.i18n import N_, _
from app.ui import theme
from app.ui.routes import screen
from app.ui.screen import Screen
from app.ui.stock.receive import FLOOR_ROLES

FLOOR = ((N_("Receive from a seller"), "/stock/receive", ft.Icons.LOCAL_SHIPPING),
         (N_("Put away"), "/stock/putaway", ft.Icons.MOVE_TO_INBOX),
         (N_("Put back (cancelled orders)"), "/stock/put-back", ft.Icons.UNDO),
         (N_("Receive a transfer"), "/stock/transfer-in", ft.Icons.SWAP_HORIZ),
         (N_("Count a bin"), "/stock/count", ft.Icons.CHECKLIST))
SUPERVISE = ((N_("Inbound shipments"), "/board/inbound", ft.Icons.INVENTORY),
             (N_("Transfers"), "/board/transfers", ft.Icons.ALT_ROUTE),
             (N_("Counts to approve"), "/board/counts", ft.Icons.FACT_CHECK))


@screen("/stock", roles=FLOOR_ROLES, label="Stock")
class StockHub(Screen):
    activity = "stock"

    def build(self) -> ft.Control:
        who = self.ctx.signed_in
        rows = [ft.Row([self._button(*a) for a in FLOOR], spacing=theme.GAP, wrap=True, run_spacing=theme.GAP)]
        if who is not None and who.role in (Role.SUPERVISOR, Role.ADMIN):
            rows += [theme.text(_("Supervisor"), theme.TEXT_TITLE, bold=True, color=theme.BRAND),
                     ft.Row([self._button(*a) for a in SUPERVISE], spacing=theme.GAP, wrap=True,
                            run_spacing=theme.GAP)]
        home = theme.button(_("Back"), self._home, key="stock.home", kind="plain", icon=ft.Icons.ARROW_BACK)
        return ft.Column([ft.Row([home]), *rows], spacing=theme.GAP * 2, scroll=ft.ScrollMode.AUTO)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("What are you doing with stock?"))

    def _button(self, label: str, path: str, icon) -> ft.Control:
        async def go() -> None:
            await self.ctx.go(path)
        return theme.button(_(label), go, key=f"stock.open.{path.strip('/').replace('/', '.')}", icon=icon,
                            width=380, height=110, size=theme.TEXT_BODY + 4)

    async def _home(self) -> None:
        await self.ctx.go(self.ctx.signed_in.home if self.ctx.signed_in else "/")
