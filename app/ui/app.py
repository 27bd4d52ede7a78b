"""The Flet entry point: one Shell (station session) per browser tab."""

from __future__ import annotations

import flet as ft

from app import i18n
from app.ui.shell import Shell


def session_language() -> str | None:
    """The language of the browser session this code runs for (Flet binds the page to every event, and
    worker threads copy that context): its signed-in person's, else its station's."""
    try:
        shell = ft.context.page.data
    except (RuntimeError, AttributeError):
        return None
    return getattr(shell, "language", None)


def make_main(floor):
    """Build the `main(page)` that flet_web.fastapi.app serves; `floor` is shared by all sessions."""
    i18n.resolve_with(session_language)

    async def main(page: ft.Page) -> None:
        await Shell(floor, page).start()

    return main
