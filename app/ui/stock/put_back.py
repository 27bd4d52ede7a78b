"""Put-back: units of a cancelled order, picked already, go back from packing to a bin. The same two scans
as put-away (a unit, then its bin), against the order's put-back instead of what waits at receiving."""

from __future__ import annotations

from app.i18n import N_
from app.services import cancel
from app.ui.stock.putaway import PutAway


class PutBack(PutAway):
    activity = "put-back"
    find = staticmethod(cancel.put_back_for)
    store = staticmethod(cancel.put_back)
    ask = N_("Scan a unit of a cancelled order (from its tote).")
    title = N_("Scan a unit of a cancelled order")
