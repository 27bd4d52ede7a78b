"""After Close box: held for the supervisor, or awaiting its label (the carrier, through karrio, did not sell
it: the reason in one sentence, Retry or another service, or put it aside), or labelled (open the label and
slip, then scan the label on the box), or verified (to the dock; another box when units are left)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.i18n import N_, _
from app.services.packing import PackView
from app.services.printjobs import JobView
from app.ui import theme
from app.ui.picker.widgets import HUGE, big, tagged

STATES = {"queued": N_("queued"), "sent": N_("sent"), "printing": N_("printing"), "done": N_("ready"),
          "failed": N_("FAILED")}
LOOK = {  # status -> (headline, band colour, text colour)
    "held": (N_("HELD: weight is off"), theme.ERROR, theme.PAPER),
    "awaiting_label": (N_("AWAITING LABEL"), theme.WARN, theme.PAPER),
    "labelled": (N_("Scan the label on the box"), theme.BRAND, theme.PAPER),
    "verified": (N_("Label OK ✓"), theme.OK, theme.PAPER),
}


class LabelPanel:
    def __init__(self, act: Callable[[str], Callable], choose: Callable[[str], Callable] | None = None) -> None:
        """`act(name)` gives the handler for a button: label, slip, reprint, another, next, dock, retry,
        services; `choose(service)` the handler for one of the carrier's services (awaiting label)."""
        self.choose = choose
        self.headline = big(size=HUGE - 24, key="label.headline", color=theme.PAPER)
        self.band = ft.Container(self.headline, padding=ft.Padding.symmetric(horizontal=24, vertical=14),
                                 border_radius=theme.RADIUS, bgcolor=theme.BRAND)
        self.words = theme.text("", theme.TEXT_TITLE, bold=True, key="label.words")
        self.tracking = theme.text("", theme.TEXT_TITLE + 8, bold=True, key="label.tracking")
        self.detail = theme.text("", theme.TEXT_BODY, color=theme.MUTED, key="label.detail")
        self.jobs = theme.text("", theme.TEXT_BODY, color=theme.MUTED, key="label.jobs")

        def button(name: str, label: str, kind: str, icon) -> ft.Button:
            return theme.button(label, act(name), key=f"label.{name}", kind=kind, icon=icon, height=88, size=28)

        self.buttons = {
            "another": button("another", _("Another box"), "ok", ft.Icons.ADD_BOX),
            "next": button("next", _("Next tote"), "primary", ft.Icons.ARROW_FORWARD),
            "dock": button("dock", _("To the dock"), "plain", ft.Icons.LOCAL_SHIPPING),
            "label": button("label", _("Open label"), "primary", ft.Icons.PICTURE_AS_PDF),
            "slip": button("slip", _("Open packing slip"), "plain", ft.Icons.DESCRIPTION),
            "reprint": button("reprint", _("Reprint label"), "plain", ft.Icons.PRINT),
            "retry": button("retry", _("Retry label"), "ok", ft.Icons.REFRESH),
            "services": button("services", _("Another service"), "plain", ft.Icons.ALT_ROUTE),
        }
        self.services = ft.Row([], spacing=theme.GAP, wrap=True, run_spacing=theme.GAP, visible=False)
        self.control = ft.Column(
            [self.band, self.words, tagged("label.tracking", self.tracking), self.detail, self.jobs,
             ft.Row(list(self.buttons.values()), spacing=theme.GAP, wrap=True, run_spacing=theme.GAP),
             self.services],
            spacing=12, visible=False)

    def offer(self, services: tuple[str, ...]) -> None:
        """The carrier's services for this box, one big button each (awaiting label)."""
        self.services.controls = [
            theme.button(s.replace("_", " "), self.choose(s), key=f"label.service.{s}", kind="primary", height=88,
                         size=26, icon=ft.Icons.LOCAL_SHIPPING) for s in services] if self.choose else []
        self.services.visible = bool(self.services.controls)

    def render(self, view: PackView, jobs: list[JobView]) -> None:
        status = view.status
        headline, band, ink = LOOK.get(status, LOOK["labelled"])
        self.headline.value, self.headline.color, self.band.bgcolor = _(headline), ink, band
        self.words.visible = status in ("held", "awaiting_label")
        self.words.value = (_("Put box {n} on the hold shelf: a supervisor checks it. Then scan the next tote.",
                              n=view.package_number) if status == "held" else
                            (view.label_problem or view.message))
        if status != "awaiting_label":
            self.services.visible = False
        self.tracking.value = _("Tracking {tracking}", tracking=view.tracking_number) if view.tracking_number else ""
        names = {"shipping_label": _("Label"), "carrier_label": _("Label"), "packing_slip": _("Packing slip"),
                 "customs_form": _("Customs form")}
        self.detail.value = " · ".join([_("Box {n}", n=view.package_number), _("SSCC {sscc}", sscc=view.sscc),
                                        f"{view.carrier} {view.service}"]) if view.sscc else ""
        self.jobs.value = " · ".join(f"{names.get(j.document, j.document)}: {_(STATES.get(j.state, j.state))}"
                                     for j in jobs if not j.reprint_of)
        self.detail.visible = self.jobs.visible = status not in ("held", "awaiting_label")
        for name in ("label", "slip", "reprint"):   # once verified the label is on the box: no more of these
            self.buttons[name].visible = status == "labelled"
        self.buttons["another"].visible = status == "verified" and view.to_pack > 0
        self.buttons["next"].visible = status in ("held", "awaiting_label") or (status == "verified"
                                                                               and not view.to_pack)
        self.buttons["retry"].visible = self.buttons["services"].visible = status == "awaiting_label"
        self.buttons["dock"].visible = status == "verified"
