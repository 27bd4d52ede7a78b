"""The desk's first view: scan the parcel. A parcel with no return on file can be received against its
order as an unexpected return (the supervisor is told)."""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.services import returns
from app.services.returns import Found
from app.ui import theme
from app.ui.returns.parts import panel


class PromptView:
    manual = True

    def __init__(self, desk, found: Found | None = None) -> None:
        self.desk = desk
        self.found = found     # a known order without an open return: offer the unexpected return

    def prompt(self) -> str:
        return _("Scan the return label, the RMA number, or the parcel's tracking number.")

    def build(self) -> ft.Control:
        if self.found is not None and self.found.order_id is not None:
            return self._unexpected_offer()
        who = self.desk.ctx.signed_in
        return ft.Column([
            theme.text(_("Hello, {name}", name=who.name if who else ""), theme.TEXT_BODY, color=theme.MUTED,
                       key="returns.hello"),
            ft.Row([ft.Icon(ft.Icons.QR_CODE_SCANNER, size=96, color=theme.BRAND),
                    theme.text(_("Scan the parcel"), theme.TEXT_HUGE, bold=True, key="returns.prompt")], spacing=24),
            theme.text(_("The return label, the RMA number, or the tracking number or SSCC of the package we "
                         "shipped."), theme.TEXT_BODY),
        ], spacing=theme.GAP * 1.5, scroll=ft.ScrollMode.AUTO)

    def _unexpected_offer(self) -> ft.Control:
        """A known order, no open return: one clear button (the scan prompt stays one scan away)."""
        return ft.Column([
            panel([
                theme.text(_("Order {ref} has no open return.", ref=self.found.order_ref), theme.TEXT_TITLE,
                           bold=True, color=theme.WARN, key="returns.unexpected.order"),
                theme.text(_("Receive the parcel against its order: it is flagged for the supervisor."),
                           theme.TEXT_BODY),
                ft.Row([theme.button(_("Receive as unexpected return"), self._unexpected, key="returns.unexpected",
                                     icon=ft.Icons.MOVE_TO_INBOX, height=88),
                        theme.button(_("Cancel"), self._cancel, key="returns.unexpected.cancel", kind="plain",
                                     height=88)], spacing=theme.GAP, wrap=True),
            ], tint=theme.WARN_TINT, key="returns.unexpected.panel", padding=24),
            theme.text(_("Or scan another parcel."), theme.TEXT_BODY, color=theme.MUTED, key="returns.prompt"),
        ], spacing=theme.GAP * 1.5, scroll=ft.ScrollMode.AUTO)

    async def _unexpected(self) -> None:
        desk, order_id = self.desk, self.found.order_id
        rma = await desk.act(returns.receive_unexpected, order_id, key=desk.key("unexpected", order_id))
        if rma is not None:
            desk.rma = rma
            desk.show_contents(_("{number} opened for order {ref}: flagged as an unexpected return. "
                                 "Scan the first item.", number=rma.number, ref=rma.order_ref), "ok")

    def _cancel(self) -> None:
        self.desk.new_parcel()
