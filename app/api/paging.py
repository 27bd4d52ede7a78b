"""Cursor pagination for every list endpoint: the same query parameters, the same opaque cursor.

The cursor carries where the last page ended and a digest of the filters it was made with, so a cursor
used with other filters is refused (422 on `cursor`) rather than silently giving another list's page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import AwareDatetime, BeforeValidator

from app.api.schemas import MAX_ID
from app.domain.errors import InvalidInput
from app.i18n import _
from app.services.listing import MAX_LIMIT, Listed, Position
from app.services.results import to_json

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")]
Cursor = Annotated[str | None, Query(max_length=200, pattern=r"^[A-Za-z0-9_-]*$",
                                     description="`next_cursor` of the previous page; leave out for the first.")]
def _iso(value: object) -> object:
    """A moment written out (2026-12-01T15:00:00Z), not a number pydantic would read as epoch seconds."""
    if isinstance(value, str) and not re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        raise ValueError("must be an ISO 8601 date and time with a time zone, e.g. 2026-12-01T15:00:00Z")
    return value


UpdatedSince = Annotated[AwareDatetime | None, BeforeValidator(_iso), Query(
    description="Only what changed at or after this moment (ISO 8601 with a time zone, e.g. "
                "2026-12-01T15:00:00Z). Keep the newest `updated_at` you saw and pass it next time.")]


def _digest(filters: dict) -> str:
    return hashlib.sha256(json.dumps(to_json(filters), sort_keys=True).encode()).hexdigest()[:12]


def encode(position: Position, filters: dict) -> str:
    raw = json.dumps({"u": position.updated_at.isoformat(), "i": position.id, "f": _digest(filters)},
                     separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None, filters: dict) -> Position | None:
    """The position a cursor names, or InvalidInput on `cursor`."""
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        position = Position(datetime.fromisoformat(data["u"]), int(data["i"]))
        if position.updated_at.tzinfo is None or not 0 < position.id <= MAX_ID:
            raise ValueError("out of range")
        made_with = data["f"]
    except (ValueError, KeyError, TypeError, binascii.Error, json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidInput(_("This cursor is not one this API gave out."),
                           {"cursor": "pass next_cursor from the previous page as it was"}) from None
    if made_with != _digest(filters):
        raise InvalidInput(_("This cursor belongs to a list with other filters."),
                           {"cursor": "use it with the same status and updated_since"})
    return position


def page(listed: Listed, filters: dict) -> dict:
    """The page body: items and the cursor of the next page (null on the last)."""
    return {"items": to_json(list(listed.items)),
            "next_cursor": encode(listed.last, filters) if listed.last else None}
