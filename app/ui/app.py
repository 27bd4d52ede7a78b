"""The Flet entry point: one Shell (station session) per browser tab."""

from __future__ import annotations

import flet as ft

from app.ui.shell import Shell


def make_main(floor):
    """Build the `main(page)` that flet_web.fastapi.app serves; `floor` is shared by all sessions."""
    async def main(page: ft.Page) -> None:
        await Shell(floor, page).start()

    return main
