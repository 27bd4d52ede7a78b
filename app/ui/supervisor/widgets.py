"""Small pieces every board screen uses: dense text for a desktop, state pills, short times, input fields
that keep the scanner listener out of the way while a person types, and a row of choices."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import flet as ft

from app.i18n import _, formats
from app.ui import theme
from app.ui.calls import pressed

TEXT = 20          # board tables: a desktop at arm's length, still above the 18 px floor
TEXT_SMALL = 18
CONTROL = 52       # board buttons: a mouse, not a gloved finger (the floor screens keep 72)
PILLS = {  # kind -> (background, text)
    "ok": (theme.OK_TINT, theme.OK), "warn": (theme.WARN_TINT, theme.WARN),
    "error": (theme.ERROR_TINT, theme.ERROR), "muted": (theme.PANEL, theme.MUTED),
    "brand": ("#DCE6F7", theme.BRAND),
}


def label(value: str, size: int = TEXT, *, bold: bool = False, color: str = theme.INK, key: str | None = None,
          width: int | None = None, expand: bool | int | None = None, lines: int | None = 2) -> ft.Text:
    return ft.Text(value, size=size, color=color, key=key, width=width, expand=expand, max_lines=lines,
                   weight=ft.FontWeight.BOLD if bold else ft.FontWeight.NORMAL,
                   overflow=ft.TextOverflow.ELLIPSIS, font_family_fallback=theme.FALLBACKS)


def heading(value: str, key: str | None = None) -> ft.Text:
    return label(value, 28, bold=True, color=theme.BRAND, key=key, lines=1)


def pill(value: str, kind: str = "muted", *, key: str | None = None) -> ft.Container:
    bg, fg = PILLS[kind]
    return ft.Container(label(value, TEXT_SMALL, bold=True, color=fg, key=key, lines=1), bgcolor=bg,
                        border_radius=14, padding=ft.Padding.symmetric(horizontal=10, vertical=4))


def button(value: str, on_click, *, key: str | None = None, kind: str = "plain",
           icon: ft.IconData | None = None, height: int = CONTROL, width: int | None = None) -> ft.Button:
    return theme.button(value, pressed(on_click), key=key, kind=kind, icon=icon, height=height, width=width,
                        size=TEXT, padding=18)




def ago(seconds: int | float | None) -> str:
    """12 s, 4 min, 2 h 5 min; a dash for no value."""
    if seconds is None:
        return "—"
    s = max(0, int(seconds))
    if s < 60:
        return _("{n} s", n=s)
    if s < 3600:
        return _("{n} min", n=s // 60)
    return _("{h} h {m} min", h=s // 3600, m=s % 3600 // 60)


def session_timezone() -> str:
    """The time zone of this station's warehouse (what "today" and a clock time mean here)."""
    try:
        return getattr(ft.context.page.data, "timezone", "UTC")
    except (RuntimeError, AttributeError):
        return "UTC"


def clock(at: datetime | None, *, seconds: bool = False) -> str:
    """A time of day in the warehouse's time zone and the person's language, with the date when not today."""
    if at is None:
        return "—"
    tz = session_timezone()
    shown = formats.clock(at, tz, "medium" if seconds else "short")
    if formats.local_day(at, tz) == formats.local_day(datetime.now(UTC), tz):
        return shown
    return f"{formats.month_day(at, tz)} {shown}"


class Field:
    """A text field for forms and filters. While it has focus the page-level scan listener ignores the
    keys (as for the manual scan field), so typing a name never becomes a 'scan'."""

    def __init__(self, ctx, text: str, key: str, *, width: int | None = None, value: str = "",
                 on_submit: Callable | None = None, password: bool = False, digits: bool = False) -> None:
        self._ctx = ctx
        self._submit = on_submit
        self.control = ft.TextField(
            label=text, key=key, value=value, width=width, expand=width is None, text_size=TEXT, dense=True,
            label_style=ft.TextStyle(size=TEXT_SMALL, color=theme.MUTED, font_family_fallback=theme.FALLBACKS),
            text_style=ft.TextStyle(font_family_fallback=theme.FALLBACKS), password=password,
            keyboard_type=ft.KeyboardType.NUMBER if digits else ft.KeyboardType.TEXT,
            border={ft.ControlState.DEFAULT: ft.OutlineInputBorder(side=ft.BorderSide(2, theme.INK)),
                    ft.ControlState.FOCUSED: ft.OutlineInputBorder(side=ft.BorderSide(3, theme.BRAND))},
            content_padding=ft.Padding.symmetric(horizontal=14, vertical=14), autocorrect=False,
            enable_suggestions=False, on_focus=self._focused, on_blur=self._blurred, on_submit=self._submitted)

    @property
    def value(self) -> str:
        return (self.control.value or "").strip()

    @value.setter
    def value(self, text: str) -> None:
        self.control.value = text

    def _focused(self) -> None:
        ft.context.disable_auto_update()
        self._ctx.scans.field_focused = True

    def _blurred(self) -> None:
        ft.context.disable_auto_update()
        self._ctx.scans.field_focused = False

    async def _submitted(self) -> None:
        self._ctx.scans.field_focused = False   # Flutter drops the focus of a single-line field on Enter
        if self._submit is not None:
            await pressed(self._submit)()


class Choice:
    """One of a few values as a row of buttons (warehouse, role, kind): big, visible, no dropdown to open."""

    def __init__(self, options: Sequence[tuple[str, str]], value: str, *, key: str,
                 on_change: Callable | None = None, multiple: bool = False) -> None:
        self.key = key
        self.multiple = multiple
        self.selected: set[str] = set(value.split(",")) - {""} if multiple else {value}
        self._on_change = on_change
        self.control = ft.Row(spacing=8, wrap=True, key=key)
        self.set_options(options)

    @property
    def value(self) -> str:
        return next(iter(self.selected), "")

    def select(self, value: str) -> None:
        self.selected = set(value.split(",")) - {""} if self.multiple else {value}
        self._paint()

    def set_options(self, options: Sequence[tuple[str, str]]) -> None:
        self.options = list(options)
        self.control.controls = [button(text, self._picker(value), key=f"{self.key}.{value or 'none'}")
                                 for value, text in self.options]
        self._paint()

    def _picker(self, value: str):
        async def pick() -> None:
            if self.multiple:
                self.selected ^= {value}
            else:
                self.selected = {value}
            self._paint()
            if self._on_change is not None:
                await self._on_change()
        return pick

    def _paint(self) -> None:
        for (value, _text), b in zip(self.options, self.control.controls):
            on = value in self.selected
            fg = theme.PAPER if on else theme.INK
            b.style = ft.ButtonStyle(bgcolor=theme.BRAND if on else theme.PANEL, color=fg,
                                     padding=ft.Padding.symmetric(horizontal=18),
                                     shape=ft.RoundedRectangleBorder(radius=theme.RADIUS),
                                     side=ft.BorderSide(2, theme.INK))
            b.content.color = fg
