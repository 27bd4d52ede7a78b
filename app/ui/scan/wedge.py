"""Keyboard-wedge decoding, pure: key labels with arrival times in, whole typed codes out.

Arrival times are the server's, taken when it handles each key: a server that stalls between two keys
of one scan makes a pause that the scanner never made. Stray keys before a burst are dropped only when
the whole entry is not a code we know and the burst is.

A wedge scanner types a code and Enter at 0-10 ms a key; a person types at 80 ms+ a key.
Flet's page-level keyboard event carries the key label ("A", "7", "-", "Enter"), not the
character, so letters arrive upper-case; every code we print is upper-case anyway.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from app.domain.scanning import ScannedCode, classify

ENTER_KEYS = frozenset({"Enter", "Numpad Enter"})
SCANNER_GAP_S = 0.035   # median gap between keys below this: a scanner burst
SPLIT_GAP_S = 0.5       # a pause this long before a burst: what came before was stray typing
MAX_BUFFER = 200        # keys beyond this are dropped until Enter: nothing we print is that long
_NUMPAD = {f"Numpad {d}": d for d in "0123456789"} | {"Numpad Decimal": ".", "Numpad Subtract": "-"}


@dataclass(frozen=True)
class Typed:
    """One Enter-terminated entry from the keyboard listener."""

    text: str
    source: str          # "scanner" | "keyboard"
    duration_ms: float   # first key to Enter
    dropped: str = ""    # stray human keys discarded before a scanner burst
    scanned: ScannedCode | None = None   # `text` classified, when telling stray keys from a code needed it


GS = "\x1d"                               # FNC1 between GS1 fields
GS_KEYS = ("]", "Bracket Right", "BracketRight")  # Ctrl+] is how a keyboard-wedge scanner types GS


@dataclass
class KeyBuffer:
    """Buffers key labels until Enter; tells a scanner burst from human typing by timing."""

    chars: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)

    def feed(self, key: str, now: float, *, modifier: bool = False) -> Typed | None:
        """Take one key; return the finished entry on Enter, else None."""
        if key in ENTER_KEYS:
            return self._finish(now)
        if modifier:  # Ctrl/Alt/Meta shortcuts are never part of a code, but a scanner types GS as Ctrl+]
            if key in GS_KEYS and len(self.chars) < MAX_BUFFER:
                self.chars.append(GS)
                self.times.append(now)
            return None
        if key == "Backspace":
            if self.chars:
                self.chars.pop()
                self.times.pop()
            return None
        if key == "Escape":
            self.clear()
            return None
        char = _NUMPAD.get(key, key)
        if len(char) == 1 and " " <= char <= "~" and len(self.chars) < MAX_BUFFER:
            self.chars.append(char)
            self.times.append(now)
        return None

    def clear(self) -> None:
        self.chars.clear()
        self.times.clear()

    @property
    def pending(self) -> str:
        return "".join(self.chars)

    def _finish(self, now: float) -> Typed | None:
        chars, times = list(self.chars), [*self.times, now]
        self.clear()
        if not chars:
            return None
        dropped = ""
        start = 0
        for i in range(len(times) - 1, 0, -1):  # the last long pause, if a burst follows it
            if times[i] - times[i - 1] > SPLIT_GAP_S:
                if _is_burst(times[i:]) and len(times) - i > 3:
                    start = i
                break
        scanned = None
        if start and (whole := classify("".join(chars))).ok:
            scanned = classify("".join(chars[start:]))
            if not scanned.ok:   # the pause was inside one code (the server stalled between its keys), not before it
                start, scanned = 0, whole
        if start:
            dropped, chars, times = "".join(chars[:start]), chars[start:], times[start:]
        source = "scanner" if _is_burst(times) else "keyboard"
        return Typed("".join(chars), source, round((times[-1] - times[0]) * 1000, 1), dropped, scanned)


def _is_burst(times: list[float]) -> bool:
    """At least 3 keys plus Enter with a median gap a person cannot type at. The median, not the
    mean: a browser busy painting a flash can hold one key back a few hundred ms mid-burst."""
    if len(times) < 4:
        return False
    return statistics.median(b - a for a, b in zip(times, times[1:])) < SCANNER_GAP_S
