"""Carrier adapters. No carrier network is reachable from the floor, so the built-in one hands out
tracking numbers from the site's configured range, in the S10 form with the carrier's check digit."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.uow import UnitOfWork
from app.domain.carriers import s10
from app.domain.errors import DomainError
from app.i18n import _
from app.services import serials

SERVICES = {"economy": "Economy", "standard": "Standard", "express": "Express 24"}


@dataclass(frozen=True)
class Consignment:
    carrier: str
    service: str
    tracking_number: str


@dataclass(frozen=True)
class BuiltInCarrier:
    """FloorPost: S10 numbers 'FP' + 8 digits + check digit + the sending warehouse's country."""

    range_start: int = 10_000_000
    range_end: int = 99_999_999
    name: str = "FloorPost"
    prefix: str = "FP"

    def consign(self, uow: UnitOfWork, warehouse_code: str, country: str, service_level: str) -> Consignment:
        serial = serials.take(uow, f"tracking:{self.name}:{warehouse_code}", start=self.range_start)
        if serial > self.range_end:
            raise DomainError(_("The tracking number range is used up; ask an admin to set a new one."))
        return Consignment(self.name, SERVICES.get(service_level, "Standard"), s10(self.prefix, serial, country))
