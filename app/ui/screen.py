"""What a screen is: a small class with build() and, if it takes scans, on_scan(scan).

The shell makes one per visit (`make(ctx)`), mounts `build()` under the header and hands it
every scan. `ctx` is the station session (app/ui/shell.py): page, feedback, scans, signed_in,
actor(), call(...), attempt(...), send(), menu(...), go(...), sign_out(...). Screen state is plain
Python on the instance.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

import flet as ft

if TYPE_CHECKING:
    from app.ui.scan.pipeline import Scan


class Screen(ABC):
    activity = ""          # what the heartbeat reports while this screen is up (the board reads it)
    takes_scans = False    # False: a scan here gets "This screen takes no scans."
    path = ""              # where it was opened (the shell sets it from app/ui/screens.py)

    def __init__(self, ctx) -> None:   # the station session, app/ui/shell.py (which imports every screen)
        self.ctx = ctx

    @abstractmethod
    def build(self) -> ft.Control:
        """The screen's controls (the shell puts them under the header)."""

    async def shown(self) -> None:  # noqa: B027 (an optional hook)
        """Called once the screen is on the page (set the first prompt here)."""

    async def on_scan(self, scan: Scan) -> None:  # noqa: B027
        """Handle one scan; raise DomainError to refuse it (the pipeline shows the message)."""

    async def ready(self) -> None:  # noqa: B027
        """Returns once the screen can take a scan (a screen that loads its data first waits for it here):
        scans kept while offline are handed to a screen only then."""

    def on_key(self, key: str, pending: str) -> None:  # noqa: B027
        """Every key as typed (pending: the buffer before it); only the PIN step needs this."""

    def leave(self) -> None:  # noqa: B027
        """Called when another screen replaces this one."""
