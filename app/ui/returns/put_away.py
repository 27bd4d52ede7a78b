"""A sellable unit goes back to stock: its restock label (a PDF the browser opens), the suggested bin in
big type, and the scan of the destination bin that makes it pickable again at once."""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.services.returns import UnitView
from app.ui import theme
from app.ui.returns.parts import panel, unit_name


class PutAwayView:
    manual = True

    def __init__(self, desk, unit: UnitView, label_job: str = "") -> None:
        self.desk = desk
        self.unit = unit
        self.label_job = label_job      # the restock label's public id: /print/{id}.pdf

    def prompt(self) -> str:
        if self.unit.suggested_bin:
            return _("Scan the bin {bin} to put the unit away.", bin=self.unit.suggested_bin)
        return _("Scan the pick bin you put the unit into.")

    def build(self) -> ft.Control:
        unit = self.unit
        where = panel([
            theme.text(_("Put it into bin"), theme.TEXT_BODY),
            theme.text(unit.suggested_bin or _("any free pick bin"), 72, bold=True, color=theme.BRAND,
                       key="returns.bin"),
            theme.text(_("Scan the bin's label to confirm. Another pick bin of this warehouse is fine too."),
                       theme.TEXT_LABEL, color=theme.MUTED),
        ], padding=24)
        label = theme.button(_("Restock label (PDF)"), self._label_opened, key="returns.label", icon=ft.Icons.PRINT,
                             width=380)
        if self.label_job:   # opened by the browser inside the tap, so no pop-up blocker stops it
            label.action = ft.OpenUrl(f"/print/{self.label_job}.pdf", target=ft.UrlTarget.BLANK)
        else:
            label.disabled = True
        return ft.Column([
            theme.text(unit_name(unit), theme.TEXT_TITLE, bold=True, key="returns.unit.name"),
            theme.text(_("Back to stock. Stick the restock label on the unit."), theme.TEXT_BODY),
            ft.Row([ft.Container(where, expand=True),
                    ft.Column([label, theme.button(_("Back to the parcel"), self._back, key="returns.back",
                                                   kind="plain", width=380)], spacing=12, width=380)],
                   spacing=24, vertical_alignment=ft.CrossAxisAlignment.START),
        ], spacing=12, scroll=ft.ScrollMode.AUTO)

    def _label_opened(self) -> None:
        self.desk.ctx.feedback.prompt(_("The label opens in a new tab: print it, then scan the bin."))

    def _back(self) -> None:
        self.desk.show_contents()
