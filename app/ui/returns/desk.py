"""The returns desk on a kiosk: scan a parcel, see what should be inside, then unit by unit: scan, grade,
decide, put away; close with the outcome. One screen; its body shows one view at a time (app/ui/returns/*),
the state is the return on the desk and the unit in hand. Every change goes through the services."""

from __future__ import annotations

import uuid

import flet as ft

from app.domain.errors import NotFound
from app.domain.returns import DeskScan, desk_scan, unit_to_put_away
from app.i18n import _
from app.services import printjobs, return_units, returns
from app.services.returns import RmaView, UnitView
from app.ui import theme
from app.ui.returns.contents import ContentsView
from app.ui.returns.decide import DecideView
from app.ui.returns.inspect import InspectView
from app.ui.returns.outcome import OutcomeView
from app.ui.returns.photos import Photos
from app.ui.returns.prompt import PromptView
from app.ui.returns.put_away import PutAwayView
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen


class ReturnsDesk(Screen):
    activity = "returns"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.rma: RmaView | None = None
        self.unit: UnitView | None = None
        self.extra = False            # the next item scanned is an extra unit (more than authorised)
        self.busy = False
        self.nonce = uuid.uuid4().hex[:12]   # command keys of this visit: a double tap is one command
        self.view = None
        self.area = ft.Container(expand=True, key="returns.view")
        self.manual = ManualEntry(ctx.scans, key="returns.manual")
        self.photos = Photos(self)    # the kiosk camera / files, through the browser's file picker

    # ---- showing ------------------------------------------------------------------------------------
    def build(self) -> ft.Control:
        self.show(PromptView(self), say=False)
        return ft.Column([self.area, self.manual.control], spacing=theme.GAP, expand=True)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(self.view.prompt())

    def show(self, view, message: str | None = None, kind: str = "prompt", *, say: bool = True) -> None:
        """Put `view` on the screen and tell the clerk what now (a service's message, or the view's prompt)."""
        self.view = view
        self.ctx.scans.field_focused = False   # a field that disappears never reports its blur
        self.area.content = view.build()
        self.manual.control.visible = view.manual
        if say:
            feedback = self.ctx.feedback
            {"prompt": feedback.prompt, "ok": feedback.ok, "error": feedback.error,
             "warn": feedback.warn}[kind](message or view.prompt())
            self.refresh()

    def refresh(self) -> None:
        """Send the changes now: the feedback strip updates itself, which cancels a handler's auto-update."""
        self.ctx.send()

    async def open_unit(self, unit: UnitView, message: str | None = None, kind: str = "prompt") -> None:
        """The view for what this unit needs next."""
        self.unit = unit
        if unit.status == "received" or (unit.status == "graded" and not unit.observed_reason):
            self.show(InspectView(self, unit), message, kind)
        elif unit.status == "graded":
            self.show(DecideView(self, unit), message, kind)
        elif unit.status == "to_put_away":
            jobs = await self.ctx.call(printjobs.jobs_for, "return_unit", unit.id)
            label = next((j.public_id for j in reversed(jobs) if j.document == "restock_label"), "")
            self.show(PutAwayView(self, unit, label), message, kind)
        else:
            self.show_contents(message or _("This unit is done."), kind)
        if unit.photos and hasattr(self.view, "strip"):   # inspect and decide show the unit's photos
            await self.view.strip.load(unit.id)

    def show_contents(self, message: str | None = None, kind: str = "prompt") -> None:
        self.unit = None
        self.show(ContentsView(self, self.rma), message, kind)

    def new_parcel(self) -> None:
        self.rma = self.unit = None
        self.extra = False
        self.show(PromptView(self))

    # ---- services -----------------------------------------------------------------------------------
    def key(self, *parts: object) -> str:
        return ":".join(["desk", self.nonce, *map(str, parts)])

    async def act(self, service_fn, *args, **kwargs):
        """A button's command (one at a time): the service's refusal in red on the screen; None when it did not
        happen."""
        if self.busy:
            return None
        self.busy = True
        try:
            done = await self.ctx.attempt(service_fn, self.ctx.actor(), *args, **kwargs)
        finally:
            self.busy = False
        if done is None:
            self.refresh()
        return done

    async def reload(self) -> None:
        """Read the return again (after a change); keep the unit in hand up to date."""
        self.rma = await self.ctx.call(returns.get, self.ctx.actor(), self.rma.id)
        if self.unit is not None:
            self.unit = next((u for u in self.rma.units if u.id == self.unit.id), None)

    # ---- scans --------------------------------------------------------------------------------------
    async def on_scan(self, scan: Scan) -> None:
        meaning = desk_scan(scan.scanned, parcel_open=self.rma is not None and self.rma.status != "closed")
        if meaning is DeskScan.FIND:
            await self._find(scan.code)
        elif meaning is DeskScan.PUT_AWAY:
            await self._put_away(scan)
        elif meaning is DeskScan.FIND_OR_RECEIVE and await self._find(scan.code, quiet=True):
            pass   # the parcel's tracking number, not an item
        else:
            await self._receive(scan)

    async def _find(self, raw: str, *, quiet: bool = False) -> bool:
        try:
            found = await self.ctx.call(returns.find, self.ctx.actor(), raw)
        except NotFound:
            if quiet:
                return False
            raise
        self.unit, self.extra = None, False
        if found.rma is None:
            self.rma = None
            self.show(PromptView(self, found), found.message, "warn")
        elif found.rma.status == "closed":
            self.rma = found.rma
            self.show(OutcomeView(self, found.rma), _("{number} is closed already.", number=found.rma.number), "warn")
        else:
            self.rma = found.rma
            self.show_contents(found.message, "ok")
        return True

    async def _receive(self, scan: Scan) -> None:
        got = await self.ctx.call(return_units.receive, self.ctx.actor(), self.rma.id, scan.code,
                                  as_extra=self.extra, key=scan.key)
        self.rma, self.extra = got.rma, False
        # a wrong item or not our item is recorded, and it is an exception the clerk must notice
        await self.open_unit(got.unit, got.message, "error" if got.unit.grade else "ok")

    async def _put_away(self, scan: Scan) -> None:
        unit = unit_to_put_away(self.unit, self.rma.units)
        placed = await self.ctx.call(return_units.put_away, self.ctx.actor(), unit.id, scan.code, key=scan.key)
        await self.reload()
        self.show_contents(_("Put away in {bin}: pickable now.", bin=placed.location), "ok")
