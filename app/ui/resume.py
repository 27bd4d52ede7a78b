"""Who is signed in at which station, across page loads of the same browser.

A typed URL or a reload is a full page load in Flutter web. Flet reattaches the old session only
when the old socket is already gone; when the new page wins that race it gets a fresh session.
The station's client id (kept in the browser) is the same either way, so the sign-in follows it:
the newest session of a station holds the person; the older one is sent back to the login screen.
"""

from __future__ import annotations

import weakref

_holders: weakref.WeakValueDictionary = weakref.WeakValueDictionary()   # client id -> Shell
_live: weakref.WeakValueDictionary = weakref.WeakValueDictionary()      # client id -> its newest open session


def connected(client_id: str | None, shell) -> None:
    """`shell` is the station's newest session (kept scans are handed to it: app/station_scans.py)."""
    if client_id:
        _live[client_id] = shell


def closed(client_id: str | None, shell) -> None:
    if client_id and _live.get(client_id) is shell:
        del _live[client_id]


def live(client_id: str | None):
    """The station's open session, or None (not registered yet, or closed)."""
    return _live.get(client_id) if client_id else None


def hold(client_id: str | None, shell) -> None:
    if client_id:
        _holders[client_id] = shell


def release(client_id: str | None, shell) -> None:
    if client_id and _holders.get(client_id) is shell:
        del _holders[client_id]


def take_over(client_id: str | None, shell):
    """The session that held this station's sign-in (not `shell`), or None."""
    if not client_id:
        return None
    holder = _holders.get(client_id)
    return holder if holder is not None and holder is not shell and holder.signed_in else None
