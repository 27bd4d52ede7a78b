"""The login steps as plain state (no Flet): badge first, then a PIN on the keypad."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.scanning import ScanKind, ScannedCode
from app.i18n import _

MAX_PIN = 8
_BADGE_TEXT = re.compile(r"^[A-Z0-9\-]{1,32}$")
_OTHER_CODES = ("location", "tote", "package", "rma", "order", "count", "transfer", "inbound")


@dataclass
class LoginFlow:
    step: str = "badge"      # "badge" | "pin"
    badge: str = ""
    pin: str = ""
    busy: bool = False       # a PIN is being checked: ignore the keypad meanwhile

    def take_badge(self, scanned: ScannedCode) -> str | None:
        """A scanned or typed badge; returns what is wrong with it, or None when accepted."""
        if scanned.kind == ScanKind.BADGE:
            number = scanned.value
        elif scanned.kind in _OTHER_CODES:
            return _("That is a {kind} code, not a badge. Scan your badge.", kind=scanned.kind)
        else:   # a badge number typed by hand ("1001") may look like anything short
            number = scanned.raw.strip().upper()
        if not _BADGE_TEXT.match(number):
            return _("That is not a badge. Scan your badge or type its number.")
        self.step, self.badge, self.pin = "pin", number, ""
        return None

    def press(self, key: str) -> bool:
        """A keypad key: a digit, "back" or "clear". Returns whether anything changed."""
        if self.step != "pin" or self.busy:
            return False
        if key == "back":
            changed = bool(self.pin)
            self.pin = self.pin[:-1]
            return changed
        if key == "clear":
            changed = bool(self.pin)
            self.pin = ""
            return changed
        if key.isdigit() and len(key) == 1 and len(self.pin) < MAX_PIN:
            self.pin += key
            return True
        return False

    @property
    def can_submit(self) -> bool:
        return self.step == "pin" and not self.busy and len(self.pin) >= 4

    def restart(self) -> None:
        self.step, self.badge, self.pin, self.busy = "badge", "", "", False

    @property
    def dots(self) -> str:
        return "●" * len(self.pin) + "○" * max(0, 4 - len(self.pin))
