"""What should be in the parcel (product, photo, quantity, the buyer's reason), what came, what is still to
do unit by unit, and the buttons for the parcel: extra item, mark missing, close."""

from __future__ import annotations

import uuid

import flet as ft

from app.i18n import _
from app.services import return_units, returns
from app.services.returns import RmaLineView, RmaView
from app.ui import theme
from app.ui.returns import parts
from app.ui.returns.outcome import OutcomeView
from app.ui.returns.parts import choice, heading, panel, pending, picture

SIDE = 390   # the right column: what is still to do, and the parcel's buttons


class ContentsView:
    manual = True

    def __init__(self, desk, rma: RmaView) -> None:
        self.desk = desk
        self.rma = rma

    def prompt(self) -> str:
        if self.desk.extra:
            return _("Scan the extra item.")
        if pending(self.rma):
            return _("Scan the next item, or tap a unit on the right to finish it.")
        if all(l.received + l.missing >= l.authorised for l in self.rma.lines) and self.rma.units:
            return _("Everything is accounted for: close the return.")
        return _("Scan an item from the parcel.")

    def build(self) -> ft.Control:
        rma = self.rma
        head: list[ft.Control] = [
            theme.text(rma.number, theme.TEXT_TITLE, bold=True, key="returns.rma.number"),
            theme.text(_("Order {ref} · seller {seller} · buyer {buyer}", ref=rma.order_ref, seller=rma.seller,
                         buyer=rma.buyer_name), theme.TEXT_LABEL, color=theme.MUTED, key="returns.rma.order"),
            theme.text(_("Buyer's reason: {reason}", reason=rma.buyer_reason or _("none given")), theme.TEXT_BODY,
                       bold=True, key="returns.rma.reason"),
        ]
        if rma.unexpected:
            head.insert(1, panel([theme.text(_("Unexpected return: no RMA came with it. Flagged for the supervisor."),
                                             theme.TEXT_BODY, bold=True, color=theme.WARN)],
                                 tint=theme.WARN_TINT, key="returns.rma.unexpected", padding=10))
        lines = [self._line(l) for l in rma.lines]
        left = ft.Column([*head, heading(_("What should be inside")), *lines], spacing=10, expand=True,
                         scroll=ft.ScrollMode.AUTO)
        return ft.Row([left, ft.Container(self._side(), width=SIDE)], spacing=24,
                      vertical_alignment=ft.CrossAxisAlignment.START, expand=True)

    def _line(self, line: RmaLineView) -> ft.Control:
        """One line of the return: what it is, how many came (big), and 'mark missing' for what did not."""
        open_ = line.authorised - line.received - line.missing
        code = f"{line.sku} · {line.gtin}" if line.gtin else line.sku
        words = [theme.text(line.name, theme.TEXT_BODY, bold=True),
                 theme.text(code, theme.TEXT_LABEL, color=theme.MUTED)]
        if line.reason:
            words.append(theme.text(_("Line reason: {reason}", reason=line.reason), theme.TEXT_LABEL))
        if line.missing:
            words.append(theme.text(_("Missing: {n}", n=line.missing), theme.TEXT_LABEL, bold=True, color=theme.WARN,
                                    key=f"returns.line.{line.sku}.missing"))
        figure = ft.Column([theme.text(_("{r} / {n}", r=line.received, n=line.authorised), theme.TEXT_TITLE,
                                       bold=True, key=f"returns.line.{line.sku}"),
                            theme.text(_("received"), theme.TEXT_LABEL, color=theme.MUTED)],
                           spacing=0, tight=True, horizontal_alignment=ft.CrossAxisAlignment.CENTER)
        missing = theme.button(_("Mark 1 missing"), self._missing(line), key=f"returns.missing.{line.sku}",
                               kind="plain", size=theme.TEXT_LABEL, padding=12, width=150)
        missing.visible = open_ > 0 and not self.rma.unexpected
        return panel([ft.Row([picture(line.image, 72), ft.Column(words, spacing=2, expand=True, tight=True), figure,
                              missing], spacing=16, vertical_alignment=ft.CrossAxisAlignment.CENTER)], padding=12)

    def _side(self) -> ft.Control:
        todo, finished = pending(self.rma), parts.done(self.rma)
        units: list[ft.Control] = [theme.text(_("Still to do: {n}", n=len(todo)), theme.TEXT_BODY, bold=True,
                                              color=theme.WARN if todo else theme.INK, key="returns.pending.count")]
        units += [theme.button(_("{step}: {unit}", step=parts.step_label(u), unit=parts.unit_name(u)), self._opener(u),
                               key=f"returns.unit.{u.id}", kind="plain", size=theme.TEXT_LABEL, padding=14,
                               width=SIDE, height=88) for u in todo]
        if finished:
            units.append(theme.text(_("Done: {n}", n=len(finished)), theme.TEXT_BODY, bold=True))
            units += [theme.text(_("{unit}: {grade} → {decision} ({location})", unit=u.name,
                                   grade=parts.grade_text(u.grade), decision=parts.disposition_text(u.disposition),
                                   location=u.location), theme.TEXT_LABEL, key=f"returns.done.{u.id}")
                      for u in finished]
        actions = [
            choice(_("Extra item"), self.desk.extra, self._toggle_extra, key="returns.extra", width=SIDE,
                   size=theme.TEXT_BODY),
            theme.button(_("Close return"), self._close, key="returns.close", kind="ok", width=SIDE,
                         icon=ft.Icons.DONE_ALL),
            theme.button(_("Next parcel"), self._next, key="returns.next", kind="plain", width=SIDE),
        ]
        return ft.Column([ft.Column(units, spacing=8, scroll=ft.ScrollMode.AUTO, expand=True), *actions],
                         spacing=10, expand=True)

    def _opener(self, unit):
        async def open_unit() -> None:
            await self.desk.open_unit(unit)
        return open_unit

    def _missing(self, line: RmaLineView):
        async def mark() -> None:
            desk = self.desk
            rma = await desk.act(return_units.mark_missing, desk.rma.id, line.sku, 1,
                                 key=desk.key("missing", line.line_id, uuid.uuid4().hex[:8]))
            if rma is not None:
                desk.rma = rma
                desk.show_contents(_("{sku}: one unit recorded as missing.", sku=line.sku), "warn")
        return mark

    def _toggle_extra(self) -> None:
        self.desk.extra = not self.desk.extra
        self.desk.show_contents(_("Scan the extra item: it is recorded as a wrong item.") if self.desk.extra
                                else None)

    async def _close(self) -> None:
        desk = self.desk
        closed = await desk.act(returns.close, desk.rma.id, key=desk.key("close", desk.rma.id))
        if closed is not None:
            desk.rma = closed
            desk.show(OutcomeView(desk, closed), _("{number} closed. The refund trigger goes to the seller.",
                                                   number=closed.number), "ok")

    def _next(self) -> None:
        self.desk.new_parcel()
