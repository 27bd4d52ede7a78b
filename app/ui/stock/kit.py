"""What the stock screens share: the warehouse a station works in, look-ups done through services,
big tables, number steppers, and text fields that keep the scanner listener out while typed into."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import flet as ft

from app.domain.errors import DomainError, NotFound
from app.i18n import _
from app.services import catalog
from app.ui import theme

log = logging.getLogger(__name__)
TONES = {"ok": theme.OK_TINT, "warn": theme.WARN_TINT, "error": theme.ERROR_TINT, "head": theme.PANEL, "": None}
TEXT_BIN = 96          # the bin to walk to, read from across an aisle
_chosen: WeakKeyDictionary = WeakKeyDictionary()   # station session -> warehouse code


def chosen_warehouse(ctx) -> str | None:
    return _chosen.get(ctx)


def choose_warehouse(ctx, code: str) -> None:
    _chosen[ctx] = code


def warehouse_id(uow, code: str) -> int:
    """putaway_for() takes a warehouse id; the station knows the code."""
    with uow:
        return catalog.warehouse_by_code(uow, code).id


def newest(get, uow, actor, *, limit: int = 30, misses: int = 5, ceiling: int = 5000) -> list:
    """Every record `get(uow, actor, id)` answers, newest first: there is no list service (ids from 1 up,
    stopping after `misses` ids in a row that are not there)."""
    found, missed, i = [], 0, 1
    while missed < misses and i <= ceiling:
        try:
            found.append(get(uow, actor, i))
            missed = 0
        except NotFound:
            missed += 1
        i += 1
    return found[::-1][:limit]


@dataclass(frozen=True)
class Col:
    label: str              # msgid (N_), translated when shown
    width: int | None = None   # None: takes the room left
    numeric: bool = False


def cell(value, col: Col, *, bold: bool = False, size: int = theme.TEXT_BODY, color: str = theme.INK) -> ft.Control:
    content = value if isinstance(value, ft.Control) else theme.text(
        str(value), size, bold=bold, color=color, align=ft.TextAlign.RIGHT if col.numeric else ft.TextAlign.START)
    return ft.Container(content, width=col.width, expand=col.width is None,
                        alignment=ft.Alignment.CENTER_RIGHT if col.numeric else ft.Alignment.CENTER_LEFT)


def table(cols: list[Col], rows: list[tuple[list, str]], *, key: str | None, empty: str = "") -> ft.Control:
    """Rows of (cells, tone); tone is ok | warn | error | "" and colours the whole row.

    Tables are built anew on every render. Flet diffs a new control that has the key of an old one as a
    frozen copy and freezes everything in it: a table holding controls that live on (a Stepper) takes
    key=None, and so do its rows."""
    head = ft.Container(ft.Row([cell(_(c.label), c, bold=True, size=theme.TEXT_LABEL, color=theme.MUTED)
                                for c in cols], spacing=12), bgcolor=theme.PANEL, padding=ft.Padding.symmetric(
        horizontal=12, vertical=8), border_radius=theme.RADIUS)
    body = [ft.Container(ft.Row([cell(v, c, bold=i == 0) for i, (v, c) in enumerate(zip(values, cols))],
                                spacing=12, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                         bgcolor=TONES.get(tone), padding=ft.Padding.symmetric(horizontal=12, vertical=10),
                         border=ft.Border.only(bottom=ft.BorderSide(1, theme.MUTED)),
                         key=f"{key}.{n}" if key else None)
            for n, (values, tone) in enumerate(rows)]
    if not rows and empty:
        body = [ft.Container(theme.text(empty, color=theme.MUTED), padding=12)]
    return ft.Column([head, *body], spacing=0, key=key)


class Stepper:
    """[-] n [+] with 72 px buttons: a number changed by gloved taps (never below `low`)."""

    def __init__(self, value: int, *, key: str, low: int = 0, high: int = 100_000,
                 on_change: Callable[[int], None] | None = None) -> None:
        self.value, self.low, self.high, self._on_change = value, low, high, on_change
        self.number = theme.text(str(value), theme.TEXT_TITLE, bold=True, key=f"{key}.value",
                                 align=ft.TextAlign.CENTER)
        minus = theme.button("−", lambda: self.set(self.value - 1), key=f"{key}.minus", kind="plain",
                             width=84, size=theme.TEXT_TITLE, padding=0)
        plus = theme.button("+", lambda: self.set(self.value + 1), key=f"{key}.plus", kind="plain",
                            width=84, size=theme.TEXT_TITLE, padding=0)   # no update() inside: auto-update sends
        self.control = ft.Row([minus, ft.Container(self.number, width=110, alignment=ft.Alignment.CENTER), plus],
                              spacing=8, tight=True)

    def set(self, value: int) -> None:
        self.value = max(self.low, min(self.high, value))
        self.number.value = str(self.value)
        if self._on_change is not None:
            self._on_change(self.value)


def field(ctx, label: str, *, key: str, value: str = "", width: int | None = None, numeric: bool = False,
          upper: bool = True, on_submit=None) -> ft.TextField:
    """A text field for forms: while it has focus the scanner listener ignores the keys (as ManualEntry)."""
    def focused() -> None:
        ctx.scans.field_focused = True

    def blurred() -> None:
        ctx.scans.field_focused = False

    return ft.TextField(
        label=label, value=value, key=key, width=width, expand=width is None, text_size=theme.TEXT_BODY,
        label_style=ft.TextStyle(size=theme.TEXT_LABEL, color=theme.MUTED),
        border={ft.ControlState.DEFAULT: ft.OutlineInputBorder(side=ft.BorderSide(2, theme.INK)),
                ft.ControlState.FOCUSED: ft.OutlineInputBorder(side=ft.BorderSide(3, theme.BRAND))},
        content_padding=ft.Padding.symmetric(horizontal=16, vertical=16),
        keyboard_type=ft.KeyboardType.NUMBER if numeric else ft.KeyboardType.TEXT,
        capitalization=ft.TextCapitalization.CHARACTERS if upper else ft.TextCapitalization.NONE,
        autocorrect=False, enable_suggestions=False, on_focus=focused, on_blur=blurred, on_submit=on_submit)


def choices(ctx, values: list[str], chosen: str | None, on_pick: Callable[[str], object], *, key: str) -> ft.Row:
    """One big button per value (warehouses); the chosen one filled."""
    def picker(value: str):
        return guard(ctx, lambda: on_pick(value))
    return ft.Row([theme.button(v, picker(v), key=f"{key}.{v}", kind="primary" if v == chosen else "plain",
                                width=150) for v in values], spacing=theme.GAP, wrap=True, key=key)


def back(ctx, path: str = "/stock", *, key: str = "stock.back") -> ft.Button:
    async def go() -> None:
        await ctx.go(path)
    return theme.button(_("Back"), go, key=key, kind="plain", icon=ft.Icons.ARROW_BACK)


def heading(value: str, *, key: str, size: int = theme.TEXT_TITLE, color: str = theme.INK) -> ft.Text:
    return theme.text(value, size, bold=True, key=key, color=color)


def refusal(exc: DomainError) -> str:
    """A service's refusal as one line: the message, and for bad input what is wrong (the fields' own
    sentences; one-word markers such as "required" add nothing to the message)."""
    said = [v for v in getattr(exc, "fields", {}).values() if isinstance(v, str) and " " in v.strip()]
    return " ".join([exc.message, "; ".join(said)]) if said else exc.message


def act(ctx, label: str, handler: Callable, *, key: str, kind: str = "primary", **kw) -> ft.Button:
    """A big button whose handler is guarded (see guard)."""
    return theme.button(label, guard(ctx, handler), key=key, kind=kind, **kw)


def send(ctx) -> None:
    """Send every change now. Any update() in a handler (the feedback strip makes one) cancels Flet's
    automatic update at its end, and shown() runs after the shell's own update: both need this."""
    try:
        ctx.page.update()
    except RuntimeError:   # the session is gone
        pass


def guard(ctx, handler: Callable) -> Callable:
    """A button's handler: refusals show on the strip (scans get this from the pipeline), and what
    it changed is sent even when the feedback strip already made an update."""
    async def run() -> None:
        try:
            result = handler()
            if inspect.isawaitable(result):
                await result
        except DomainError as exc:
            ctx.feedback.error(refusal(exc))
        except Exception:
            log.exception("stock screen action failed")
            ctx.feedback.error(_("That did not go through. Try again."))
        send(ctx)
    return run
