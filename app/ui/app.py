"""The Flet entry point: one Shell (station session) per browser tab."""

from __future__ import annotations

import flet as ft

from app import i18n
from app.ui.shell import Shell, session_language


def make_main(floor):
    """Build the `main(page)` that flet_web.fastapi.app serves; `floor` is shared by all sessions."""
    i18n.resolve_with(session_language)

    async def main(page: ft.Page) -> None:
        await Shell(floor, page).start()

    return main
