"""/pack/dock: scan each verified package as it goes on the truck (shipped: its units leave the stock), and
the day's manifest per warehouse for the carrier: a PDF to print and hand over, a CSV for the carrier.

The manifest is the site's carrier (`shipping.dock`: FloorPost built in) for today (UTC, by the site's
clock, as `shipping.manifest` counts days); each press records a manifest print job (`shipping.manifest_job`).
"""

from __future__ import annotations

import flet as ft

from app.i18n import _
from app.services import printjobs, shipping
from app.services.shipping import Shipped
from app.ui import theme
from app.ui.calls import pressed
from app.ui.picker.widgets import HUGE, big, new_key, tagged
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen

KEEP = 6   # shipped packages listed


class DockScreen(Screen):
    activity = "shipping"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.shipped: list[Shipped] = []
        self.warehouses: list[str] = []
        self.warehouse = ""
        self.carrier = ""
        self.last = big(_("Scan a package"), size=HUGE - 24, key="dock.last")
        self.last_detail = theme.text(_("Scan the label (tracking or SSCC) of each box you load."),
                                      theme.TEXT_BODY, color=theme.MUTED, key="dock.detail")
        self.total = theme.text("", theme.TEXT_TITLE, bold=True, key="dock.count")
        self.log = ft.Column([], spacing=4)
        self.manifest = theme.text("", theme.TEXT_BODY, bold=True, key="dock.manifest")
        self.title = theme.text("", theme.TEXT_BODY)
        self.picks = ft.Row([], spacing=12, wrap=True)
        self.manual = ManualEntry(ctx.scans)

    def build(self) -> ft.Control:
        back = theme.button(_("Back to packing"), lambda: self.ctx.go("/pack"), key="dock.back", kind="plain",
                            icon=ft.Icons.ARROW_BACK, height=80)
        pdf = theme.button(_("Manifest PDF"), pressed(self._pdf), key="dock.pdf",
                           icon=ft.Icons.PICTURE_AS_PDF, height=88, padding=20)
        csv = theme.button(_("CSV"), pressed(self._csv), key="dock.csv", kind="plain",
                           icon=ft.Icons.DOWNLOAD, height=88, padding=20)
        shipping_side = ft.Column([tagged("dock.last", self.last), self.last_detail, self.total, self.log],
                                  spacing=8, expand=True)
        manifest_side = ft.Container(
            ft.Column([theme.text(_("End of day"), theme.TEXT_TITLE, bold=True),
                       self.title,
                       self.picks, self.manifest, ft.Row([pdf, csv], spacing=12)], spacing=theme.GAP),
            bgcolor=theme.PANEL, border_radius=theme.RADIUS, padding=20, width=460)
        return ft.Column([ft.Row([shipping_side, manifest_side], spacing=theme.GAP * 2, expand=True,
                                 vertical_alignment=ft.CrossAxisAlignment.START),
                          ft.Row([back, ft.Container(self.manual.control, expand=True)], spacing=theme.GAP)],
                         spacing=theme.GAP, expand=True)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Scan each package as it goes on the truck."))
        dock = await self.ctx.attempt(shipping.dock, self.ctx.actor())
        self.carrier, self.warehouses = (dock.carrier, list(dock.warehouses)) if dock else ("", [])
        self.title.value = _("Manifest for {carrier}, today", carrier=self.carrier)
        self.warehouse = self.warehouses[0] if self.warehouses else ""
        await self._count()

    async def on_scan(self, scan: Scan) -> None:
        done = await self.ctx.call(shipping.ship, self.ctx.actor(), scan.code, key=scan.key)
        self.shipped = [done, *self.shipped]
        self.last.value = done.tracking_number
        self.last_detail.value = _("Order {ref} · {carrier} · order {status}", ref=done.order_ref,
                                   carrier=done.carrier, status=done.order_status)
        self.total.value = _("Shipped here since you came: {n}", n=len(self.shipped))
        self.log.controls = [theme.text(f"{s.tracking_number}  ·  {s.order_ref}", theme.TEXT_LABEL)
                             for s in self.shipped[:KEEP]]
        self.ctx.feedback.ok(done.message)
        self.ctx.feedback.prompt(_("Shipped {tracking}. Scan the next package.", tracking=done.tracking_number))
        await self._count()

    async def _rows(self) -> list[shipping.ManifestRow] | None:
        if not self.warehouse:
            return None
        return await self.ctx.attempt(shipping.manifest, self.ctx.actor(), self.warehouse, self.carrier)

    async def _count(self) -> None:
        rows = await self._rows()
        self.picks.controls = [theme.button(code, self._choose(code), key=f"dock.wh.{code}", width=150, height=80,
                                            kind="primary" if code == self.warehouse else "plain")
                               for code in self.warehouses]
        self.manifest.value = (_("{warehouse}: {n} packages so far", warehouse=self.warehouse, n=len(rows))
                               if rows is not None else _("No warehouse set up."))
        self.ctx.send()

    def _choose(self, code: str):
        async def chosen() -> None:
            self.warehouse = code
            await self._count()
        return chosen

    async def _job(self):
        if not self.warehouse:
            return None
        return await self.ctx.attempt(shipping.manifest_job, self.ctx.actor(), self.warehouse, self.carrier,
                                      key=new_key("manifest"))

    async def _pdf(self) -> None:
        job = await self._job()
        if job is not None:
            await ft.UrlLauncher().launch_url(f"/print/{job.public_id}.pdf", web_only_window_name="_blank")
            self.ctx.feedback.ok(_("Manifest for {warehouse} opened: print it for the driver.",
                                   warehouse=self.warehouse))

    async def _csv(self) -> None:
        job = await self._job()
        made = job and await self.ctx.attempt(printjobs.csv_of, job.public_id)
        if made:
            name, text = made
            await ft.FilePicker().save_file(file_name=name, src_bytes=text.encode("utf-8"))
            self.ctx.feedback.ok(_("Manifest saved: {name}.", name=name))
