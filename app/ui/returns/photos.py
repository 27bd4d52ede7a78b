"""Photos of a unit from the kiosk camera or its files, through the browser's file picker (Flet 1.0.5 web).

The dialog must open inside the tap (browsers refuse a file dialog later), so the button carries a
`ft.PickFiles` client action; the choice comes back as the FilePicker's `result` event with the bytes
(`with_data=True`: they travel over the session's websocket, no upload endpoint needed). Each file goes to
`return_units.add_photo`, which checks it (an image, JPEG/PNG/WebP, at most 5 MB), names it and stores it;
a refusal shows the service's message. `PhotoStrip` shows a unit's photos small (the inspect and decide
views), so the clerk, and a supervisor looking over the clerk's shoulder, sees what was photographed."""

from __future__ import annotations

import uuid

import flet as ft

from app.i18n import _
from app.services import return_units
from app.ui import theme


class Photos:
    def __init__(self, desk) -> None:
        self.desk = desk
        self.picker = ft.FilePicker(on_result=self._picked)   # registered with the page (a service)

    def button(self, *, width: int) -> ft.Button:
        add = theme.button(_("Add photo"), self._picking, key="returns.photo", kind="plain",
                           icon=ft.Icons.PHOTO_CAMERA, width=width)
        add.action = ft.PickFiles(self.picker, file_type=ft.FilePickerFileType.IMAGE, with_data=True,
                                  allow_multiple=True, cancel_upload_on_window_blur=False)
        return add

    def _picking(self) -> None:
        self.desk.ctx.feedback.prompt(_("Take or choose the photo."))

    async def _picked(self, e: ft.FilePickerResultEvent) -> None:
        desk, unit = self.desk, self.desk.unit
        if unit is None or not hasattr(desk.view, "photos_changed"):
            return   # the clerk left the unit while the dialog was open
        files = [f for f in e.files or [] if f.bytes is not None]
        if not files:
            desk.ctx.feedback.prompt(_("No photo was chosen."))
        refused = False
        for f in files:
            if await desk.act(return_units.add_photo, unit.id, bytes(f.bytes),
                              key=desk.key("photo", unit.id, uuid.uuid4().hex[:8])) is None:
                refused = True   # the service said why (too large, not a photo): that message stays up
                break
        if files:
            await desk.reload()
            desk.view.photos_changed(desk.unit)
            await desk.view.strip.load(desk.unit.id)
            if not refused:
                desk.ctx.feedback.ok(_("Photo saved ({n} on this unit).", n=desk.unit.photos))
        desk.refresh()   # a service's event updates only the service itself


class PhotoStrip:
    """The unit's photos as tiles in one row, oldest first (more than fit: the row scrolls sideways, so the
    buttons below never move off the screen); a tile says so when its file is gone from the disk."""

    def __init__(self, desk, tile: int = 150) -> None:   # px: a scratch told from a smudge at arm's length
        self.desk, self.tile = desk, tile
        self.control = ft.Row(spacing=8, scroll=ft.ScrollMode.AUTO, key="returns.photo.strip")

    async def load(self, unit_id: int) -> None:
        ctx = self.desk.ctx
        shots = await ctx.call(return_units.thumbnails, ctx.actor(), unit_id)
        self.control.controls = [self._tile(i, shot) for i, shot in enumerate(shots, start=1)]
        self.desk.refresh()

    def _tile(self, n: int, shot: return_units.Thumbnail) -> ft.Control:
        if shot.data is None:
            return ft.Container(theme.text(_("Photo {n}: file missing", n=n), theme.TEXT_LABEL, color=theme.WARN),
                                width=self.tile, height=self.tile, bgcolor=theme.WARN_TINT, border_radius=theme.RADIUS,
                                alignment=ft.Alignment.CENTER, padding=8, key=f"returns.photo.{n}")
        return ft.Image(src=shot.data, width=self.tile, height=self.tile, fit=ft.BoxFit.COVER,
                        border_radius=theme.RADIUS, key=f"returns.photo.{n}")
