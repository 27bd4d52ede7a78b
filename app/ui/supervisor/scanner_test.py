"""Scanner test: before a scanner goes on the floor, scan test labels and see each code whole, its kind,
and whether it came as a scanner burst (a wedge set to add Enter and type fast) or as typing."""

from __future__ import annotations

from collections import Counter

import flet as ft

from app.i18n import _
from app.ui import theme
from app.ui.scan.manual import ManualEntry
from app.ui.scan.pipeline import Scan
from app.ui.screen import Screen

KEEP = 200   # lines kept in the log


class ScannerTest(Screen):
    activity = "scanner test"
    takes_scans = True

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.received: list[Scan] = []
        self.count = theme.text("", theme.TEXT_TITLE, bold=True, key="scantest.count")
        self.last = theme.text("", theme.TEXT_HUGE, bold=True, key="scantest.last")
        self.detail = theme.text("", theme.TEXT_BODY, key="scantest.detail")
        self.log = ft.Text("", size=theme.TEXT_LABEL, color=theme.INK, key="scantest.log",
                           font_family="monospace", selectable=False)
        self.manual = ManualEntry(ctx.scans)

    def build(self) -> ft.Control:
        self._render()
        back = theme.button(_("Back"), self._back, key="scantest.back", kind="plain",
                            icon=ft.Icons.ARROW_BACK)
        clear = theme.button(_("Clear"), self._clear, key="scantest.clear", kind="plain")
        return ft.Column(
            [ft.Row([back, clear], spacing=theme.GAP), self.count, self.last, self.detail,
             self.manual.control,
             ft.Container(ft.Column([self.log], scroll=ft.ScrollMode.ALWAYS), expand=True,
                          bgcolor=theme.PANEL, padding=16, border_radius=theme.RADIUS)],
            spacing=theme.GAP, expand=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def shown(self) -> None:
        self.ctx.feedback.prompt(_("Scan test labels; each code appears below with its kind."))

    async def on_scan(self, scan: Scan) -> None:
        self.received.append(scan)
        self._render()
        code = scan.scanned
        if code.ok:
            self.ctx.feedback.ok(_("{kind}: {code}", kind=code.kind, code=scan.code))
        else:
            self.ctx.feedback.error(code.message)

    def _render(self) -> None:
        n = len(self.received)
        distinct = len({s.code for s in self.received})
        self.count.value = _("{n} received · {d} different", n=n, d=distinct)
        if not self.received:
            self.last.value, self.detail.value, self.log.value = _("Nothing scanned yet"), "", ""
            return
        scan = self.received[-1]
        self.last.value = scan.code
        kinds = Counter(s.kind for s in self.received)
        self.detail.value = _("{kind} · {source} · {ms} ms · all: {kinds}", kind=scan.kind,
                              source=scan.source, ms=round(scan.duration_ms),
                              kinds=", ".join(f"{k} {v}" for k, v in kinds.items()))
        first = max(0, n - KEEP)
        self.log.value = "\n".join(f"{i + 1:>4}  {s.code}  {s.kind}  {s.source}"
                                   for i, s in reversed(list(enumerate(self.received))[first:]))

    async def _back(self) -> None:
        await self.ctx.go(self.ctx.signed_in.home if self.ctx.signed_in else "/")

    def _clear(self) -> None:
        self.received.clear()
        self._render()
