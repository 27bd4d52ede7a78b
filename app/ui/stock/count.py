"""Cycle count, blind: take the next bin, scan it, scan (or tap) every unit, submit. The counter never
sees what the books say; a count that differs is counted again, then a supervisor decides."""

from __future__ import annotations

import flet as ft

from app.domain.errors import DomainError
from app.domain.scanning import ScanKind
from app.i18n import N_, _
from app.services import counts
from app.services.counts import Candidate, CountEntry, CountView
from app.ui import theme
from app.ui.calls import pressed
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen
from app.ui.stock.kit import act
from app.ui.stock.widgets import TEXT_BIN, Col, Stepper, back, heading, table


class Count(Screen):
    activity = "counting"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.task: CountView | None = None
        self.at_bin = False
        self.confirming = False
        self.lines: dict[tuple[str, str, str], tuple[str, Stepper]] = {}   # (seller, sku, lot) -> (name, count)
        self.choosing: tuple[list[Candidate], int] | None = None
        self.said = ""
        self.manual = ManualEntry(ctx.scans)
        self.content = ft.Column(spacing=theme.GAP, scroll=ft.ScrollMode.AUTO, expand=True, key="count.body")

    def build(self) -> ft.Control:
        self._render()
        return self.content

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Take the next bin to count."))
        self.ctx.send()

    async def _take(self) -> None:
        self.task = await self.ctx.call(counts.next_count, self.ctx.actor())
        self.at_bin, self.confirming, self.lines, self.choosing, self.said = False, False, {}, None, ""
        if self.task is None:
            self.ctx.feedback.ok(_("No bin waits for a count. Thank you."))
        else:
            self.ctx.feedback.prompt(_("Go to bin {bin} and scan it.", bin=self.task.bin))
        self._render()

    async def on_scan(self, scan: Scan) -> None:
        task = self.task
        if task is None:
            raise DomainError(_("Take a count first."))
        if scan.kind == ScanKind.LOCATION:
            if scan.scanned.value != task.bin:
                raise DomainError(_("That is bin {got}; this count is for bin {bin}.", got=scan.scanned.value,
                                    bin=task.bin))
            self.at_bin = True
            self.ctx.feedback.prompt(_("Scan every unit in the bin (a case label counts its units)."))
        elif not self.at_bin:
            raise DomainError(_("Scan the bin {bin} first.", bin=task.bin))
        else:
            found = await self.ctx.call(counts.identify, self.ctx.actor(), task.task_id, scan.code)
            n = scan.scanned.count or 1
            if len(found) == 1:
                self._add(found[0], n)
            else:
                self.choosing = (found, n)
                self.ctx.feedback.warn(_("Two sellers use this code: tap the one on the label."))
        self._render()

    def _add(self, c: Candidate, n: int) -> None:
        key = (c.seller, c.sku, c.lot)
        if key not in self.lines:
            self.lines[key] = (c.name, Stepper(0, key=f"count.line.{c.sku}", on_change=lambda _v: self._render()))
        stepper = self.lines[key][1]
        stepper.set(stepper.value + n)
        self.choosing, self.confirming = None, False
        self.ctx.feedback.ok(_("{sku}: {n} counted", sku=c.sku, n=stepper.value))

    def _chooser(self, c: Candidate, n: int):
        def choose() -> None:
            self._add(c, n)
            self._render()
        return pressed(choose)

    def _confirm(self, asking: bool) -> None:
        self.confirming = asking
        self._render()

    async def _submit(self) -> None:
        entries = [CountEntry(seller, sku, s.value, lot) for (seller, sku, lot), (_n, s) in self.lines.items()
                   if s.value]
        result = await self.ctx.call(counts.submit, self.ctx.actor(), self.task.task_id, entries)
        self.task, self.at_bin, self.confirming, self.lines, self.said = None, False, False, {}, result.message
        (self.ctx.feedback.warn if result.status == "recount" else self.ctx.feedback.ok)(result.message)
        self._render()

    def _render(self) -> None:
        task = self.task
        top: list[ft.Control] = [back(self.ctx)]
        if task is None:
            top.append(act(_("Take the next count"), self._take, key="count.next",
                           icon=ft.Icons.CHECKLIST, height=110, size=theme.TEXT_TITLE - 4, padding=40))
            body = [heading(self.said or _("Count bins blind"), key="count.title", size=theme.TEXT_HUGE),
                    theme.text(_("You see the bin, never what the books say. Count what is there."), key="count.hint")]
            self.content.controls = [ft.Row(top, spacing=theme.GAP, wrap=True), *body]
            return
        again = " · " + _("second count") if task.round > 1 else ""
        if not self.at_bin:
            self.content.controls = [ft.Row(top), theme.text(_("COUNT BIN") + again, theme.TEXT_TITLE, bold=True),
                                     theme.text(task.bin, TEXT_BIN, bold=True, color=theme.BRAND, key="count.bin"),
                                     self.manual.control]
            return
        total = sum(s.value for _n, s in self.lines.values())
        if self.confirming:
            top += [theme.text(_("Submit {n} units?", n=total), bold=True, key="count.confirm"),
                    act(_("Yes, submit"), self._submit, key="count.submit.yes", kind="ok"),
                    act(_("Not yet"), lambda: self._confirm(False), key="count.submit.no", kind="plain")]
        else:
            top.append(act(_("Submit count: {n} units", n=total), lambda: self._confirm(True),
                                    key="count.submit", kind="ok"))
        rows = [([sku, f"{name} · {seller}" + (f" · {lot}" if lot else ""), s.control], "")
                for (seller, sku, lot), (name, s) in self.lines.items()]
        parts = [ft.Row(top, spacing=theme.GAP, wrap=True),
                 heading(_("Bin {bin}", bin=task.bin) + again, key="count.bin"),
                 table([Col(N_("SKU"), 200), Col(N_("Product")), Col(N_("Counted"), 330, True)], rows,
                       key=None, empty=_("Nothing counted yet: scan every unit. An empty bin: submit 0."))]
        if self.choosing is not None:
            found, n = self.choosing
            parts.append(ft.Row([theme.button(f"{c.seller} · {c.sku} · {c.name}", self._chooser(c, n),
                                              key=f"count.choose.{c.seller}.{c.sku}", kind="plain") for c in found],
                                spacing=theme.GAP, wrap=True))
        self.content.controls = [*parts, self.manual.control]
