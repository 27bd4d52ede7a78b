"""The pack bench's buttons (a mixin of PackBench): Count, Weigh and close, Put aside, Close box, and after
the close: open the label or slip, reprint, another box, next tote, to the dock."""

from __future__ import annotations

import flet as ft

from app.i18n import _, formats
from app.services import packing, printjobs
from app.ui.calls import pressed
from app.ui.packer.close_panel import ClosePanel
from app.ui.picker.panels import CountPanel
from app.ui.picker.widgets import new_key

DOCUMENTS = {"label": ("shipping_label", "carrier_label"), "slip": ("packing_slip",)}


class BenchActions:
    async def _open_count(self) -> None:
        self.mode = "count"
        self.count_panel = CountPanel(pressed(self._count_ok), pressed(self._back))
        self.count_panel.open(_("How many units in the next scan? Up to {n}.", n=self.view.to_pack))
        self._render()

    async def _count_ok(self, n: int) -> None:
        if not 1 <= n <= max(1, self.view.to_pack):
            self.ctx.feedback.error(_("Type 1 to {n}.", n=self.view.to_pack))
            return
        self.count = n if n > 1 else None
        await self._back()
        self.ctx.feedback.prompt(_("Scan one of them: it counts {n}.", n=n))

    async def _open_close(self) -> None:
        self.mode = "close"
        cartons = await self.ctx.call(packing.carton_types)
        scale = await self.ctx.call(packing.scale_of, self.ctx.actor())
        self.closer = ClosePanel(cartons, pressed(self._close), pressed(self._back),
                                 pressed(self._weigh) if scale else None, units=self.ctx.units)
        self.closer.open(self.view.package_number, self.view.suggested_carton)
        self._render()
        self.ctx.feedback.prompt(_("Weigh it: type the ounces, then Close box.") if self.closer.imperial
                                 else _("Weigh it: type the grams, then Close box."))
        if scale:
            await self._weigh()   # the box is on the scale already, most of the time

    async def _weigh(self) -> None:
        """Read the bench's scale into the weight (a refusal says what to do: usually, type it)."""
        grams = await self.ctx.attempt(packing.weigh, self.ctx.actor())
        if grams is not None and self.closer is not None and self.mode == "close":
            self.closer.show_grams(grams)
            if self.closer.imperial:
                self.ctx.feedback.ok(_("The scale says {weight}. Check the carton, then Close box.",
                                       weight=formats.weight(grams, self.ctx.units)))
            else:
                self.ctx.feedback.ok(_("The scale says {grams} g. Check the carton, then Close box.", grams=grams))

    async def _back(self) -> None:
        self.mode = "pack"
        self._render()
        self.ctx.feedback.prompt(self._next_words())

    async def _aside(self) -> None:
        self.view, self.mode, self.count = None, "pack", None
        self._render()
        self.ctx.feedback.prompt(_("Box put aside: scan its tote again to go on. Scan a tote."))

    async def _close(self, carton: str, weight: int | None) -> None:
        if not carton or not weight:
            self.ctx.feedback.error(_("Choose the carton first.") if not carton
                                    else _("Type the weight in ounces first.") if self.closer and self.closer.imperial
                                    else _("Type the weight in grams first."))
            return
        view = await self.ctx.attempt(packing.close, self.ctx.actor(), self.view.package_id,
                             carton, weight, key=new_key("close"))
        if view is not None:
            self.mode = "pack"
            await self._show(view, view.message)
            label = self._job("label") if view.status == "labelled" else None
            if label is not None and label.printer_kind == "pdf":   # the browser prints it: open it here
                self.ctx.spawn(self._open("label"))
            elif label is not None:   # a CUPS or Zebra printer at the station has it: nothing to open
                self.ctx.feedback.prompt(_("Label sent to {printer}: stick it on the box, then scan it.",
                                           printer=label.printer))

    def _action(self, name: str):
        async def chosen() -> None:
            if name in DOCUMENTS:
                await self._open(name)
            elif name == "reprint":
                await self._reprint()
            elif name == "retry":
                await self._buy("")()
            elif name == "services":
                services = await self.ctx.attempt(packing.label_services, self.ctx.actor(), self.view.package_id)
                if services:
                    self.labels.offer(services)
                    self._render()
                    self.ctx.feedback.prompt(_("Tap the service for this box."))
                elif services is not None:
                    self.ctx.feedback.error(_("The carrier offers no other service now. Press Retry label later."))
            elif name == "another":
                view = await self.ctx.attempt(packing.new_package, self.ctx.actor(), self.view.order_id,
                                     key=new_key("box"))
                if view is not None:
                    self.mode, self.jobs = "pack", []
                    await self._show(view, view.message)
            elif name == "next":
                await self._aside()
                self.ctx.feedback.prompt(_("Scan the next tote."))
            elif name == "dock":
                await self.ctx.go("/pack/dock")
        return chosen

    def _buy(self, service: str):
        """Buy the box's label again (Retry), or with the service the packer chose."""
        async def buy() -> None:
            view = await self.ctx.attempt(packing.buy_label, self.ctx.actor(), self.view.package_id, service,
                                          key=new_key("label"))
            if view is not None:
                self.labels.offer(())
                await self._show(view, view.message)
                if view.status == "labelled":
                    self.ctx.spawn(self._open("label"))
        return buy

    def _job(self, name: str) -> printjobs.JobView | None:
        return next((j for j in reversed(self.jobs) if j.document in DOCUMENTS[name]), None)

    async def _open(self, name: str) -> None:
        """Open the PDF. The station page shows it in a viewer inside itself (assets/station.js), not in a new
        tab: the bench keeps the scanner, and the next scan closes the viewer."""
        job = self._job(name)
        if job is None:
            self.ctx.feedback.error(_("There is no print job for that yet."))
            return
        await ft.UrlLauncher().launch_url(f"/print/{job.public_id}.pdf", web_only_window_name="_blank")

    async def _reprint(self) -> None:
        job = self._job("label")
        again = job and await self.ctx.attempt(printjobs.reprint, self.ctx.actor(), job.id, key=new_key("reprint"))
        if again:
            self.jobs = await self.ctx.attempt(printjobs.jobs_for, "package", self.view.package_id) or []
            self._render()
            self.ctx.feedback.ok(_("Label sent again."))
            await self._open("label")
