"""POST /station/offline-scans: the scans a tablet kept while its link was down (assets/station.js).

They are kept in the database first (app/services/offline_scans.py), then the station's open session
queues those of its signed-in person behind what it has queued, so they run through the same scan
pipeline, screen and services as any scan, in the tablet's order, each once by its key. The answer
comes once they are queued (not applied): the tablet then lets new keys go to Flutter again, and they
line up behind. No open session for the station yet (it is reconnecting): 409, the tablet tries again.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from fastapi import Request
from pydantic import BaseModel, Field

from app.api.errors import problem
from app.i18n import _
from app.services import offline_scans
from app.ui import resume


class KeptScan(BaseModel):
    key: str = Field(max_length=64)
    seq: int
    code: str = Field(max_length=200)
    at: datetime
    path: str = Field("", max_length=200)
    user: int | None = None


class KeptScans(BaseModel):
    client_id: str = Field(max_length=64)
    scans: list[KeptScan] = Field(max_length=offline_scans.MAX_BATCH)


def install(api, floor) -> None:
    @api.post("/station/offline-scans", include_in_schema=False)
    async def hand_over(batch: KeptScans, request: Request):
        shell = resume.live(batch.client_id)
        if shell is None or shell.station.info is None:
            return problem(request, 409, "station_not_connected",
                           _("This station's session is not back yet; the tablet tries again."))
        kept = await asyncio.to_thread(floor.bind(offline_scans.keep), shell.station.info.id, [
            offline_scans.HandedOver(s.key, s.seq, s.code.strip(), s.at, s.path, s.user) for s in batch.scans])
        queued, others = await shell.take_offline()
        return {"kept": kept, "queued": queued, "waiting_for_login": others,
                "message": _("{n} scans wait for their person to log in here.", n=others) if others else ""}
