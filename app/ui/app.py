"""Placeholder root; replaced by the real router (login, role homes)."""

from __future__ import annotations

import flet as ft


def make_main(floor):
    async def main(page: ft.Page):
        page.title = "Floor"
        page.add(ft.Text("Floor", size=40))

    return main
