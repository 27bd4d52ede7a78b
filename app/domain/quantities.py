"""How many units one command may move: a whole number, at least one, within reason."""

from __future__ import annotations

from app.domain.errors import InvalidInput
from app.i18n import _

MOST = 100_000


def check_quantity(quantity: object, field: str = "quantity", maximum: int = MOST) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= maximum:
        raise InvalidInput(_("The quantity must be a whole number from 1 to {maximum}.", maximum=maximum),
                           {field: f"1 to {maximum}"})
    return quantity
