"""How every screen looks: dark on light (survives glare), large type, touch targets of 72 px+."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import flet as ft

# Colours chosen for contrast on a matte tablet in a bright hall (all >= 7:1 against their text).
INK = "#111111"
PAPER = "#FFFFFF"
PANEL = "#ECEFF1"
MUTED = "#37474F"
BRAND = "#0B3D91"      # header band: white text on it is 11:1
OK = "#0A7D2C"         # white on it 5.3:1 at 40 px bold, well above large-text 3:1
OK_TINT = "#DFF5E3"
ERROR = "#B00020"
ERROR_TINT = "#FCE4E6"
WARN = "#8A4B00"
WARN_TINT = "#FFF1D6"
FOCUS = "#FFB300"

TOUCH = 72          # minimum height of anything a gloved finger presses
GAP = 16
RADIUS = 10

TEXT_BODY = 26      # read at arm's length
TEXT_LABEL = 22
TEXT_TITLE = 40
TEXT_HUGE = 56      # the "what to do next" line
FONT = "DejaVu Sans"
FONT_FALLBACK = "Droid Sans Fallback"   # CJK names (e.g. a supervisor called 张伟)
FONTS = {FONT: "fonts/DejaVuSans.ttf", f"{FONT} Bold": "fonts/DejaVuSans-Bold.ttf",
         FONT_FALLBACK: "fonts/DroidSansFallbackFull.ttf", "Noto Sans Thai": "fonts/NotoSansThai-Regular.ttf",
         "Noto Sans Arabic": "fonts/NotoSansArabic-Regular.ttf", "NanumGothic": "fonts/NanumGothic.ttf"}
# tried in order for characters DejaVu Sans lacks: names and addresses come in any script
FALLBACKS = [FONT_FALLBACK, "Noto Sans Thai", "Noto Sans Arabic", "NanumGothic"]


def apply(page: ft.Page) -> None:
    """Set the page-wide theme once per session."""
    page.fonts = FONTS
    page.theme_mode = ft.ThemeMode.LIGHT
    page.theme = ft.Theme(
        font_family=FONT,
        color_scheme=ft.ColorScheme(primary=BRAND, on_primary=PAPER, surface=PAPER, on_surface=INK,
                                    error=ERROR, on_error=PAPER),
    )
    page.bgcolor = PAPER
    page.padding = 0
    page.spacing = 0


def text(value: str, size: int = TEXT_BODY, *, bold: bool = False, color: str = INK,
         key: str | None = None, align: ft.TextAlign = ft.TextAlign.START) -> ft.Text:
    return ft.Text(value, size=size, color=color, key=key, text_align=align,
                   weight=ft.FontWeight.BOLD if bold else ft.FontWeight.NORMAL,
                   font_family_fallback=FALLBACKS)


def button(label: str, on_click, *, key: str | None = None, kind: str = "primary",
           width: int | None = None, height: int = TOUCH, size: int = TEXT_BODY,
           icon: ft.IconData | None = None, padding: int = 28) -> ft.Button:
    """A big button; kind is primary (filled), plain (outlined) or danger."""
    bg, fg = {"primary": (BRAND, PAPER), "plain": (PANEL, INK), "danger": (ERROR, PAPER),
              "ok": (OK, PAPER)}[kind]
    return ft.Button(
        content=ft.Text(label, size=size, weight=ft.FontWeight.BOLD, color=fg,
                        font_family_fallback=FALLBACKS),
        icon=ft.Icon(icon, size=size + 4, color=fg) if icon else None,
        on_click=touching(on_click), key=key, width=width, height=height,
        style=ft.ButtonStyle(bgcolor=bg, color=fg, padding=ft.Padding.symmetric(horizontal=padding),
                             shape=ft.RoundedRectangleBorder(radius=RADIUS),
                             side=ft.BorderSide(2, INK) if kind == "plain" else None),
    )


def touching(handler: Callable) -> Callable:
    """Wrap a no-argument handler so pressing it counts as input for the idle log-out."""
    async def pressed() -> None:
        shell = getattr(ft.context.page, "data", None)
        if shell is not None and hasattr(shell, "touch"):
            shell.touch()
        result = handler()
        if inspect.isawaitable(result):
            await result
    return pressed
