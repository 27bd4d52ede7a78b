"""Zones own pickers: a supervisor puts a picker in a zone (or takes them out); a zone's picker then claims
only that zone's pick tasks (services/picking.py `claim_next`), released by a zone wave (services/waves.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db.models import User, Warehouse, Zone
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands


@dataclass(frozen=True)
class PickerZone:
    badge: str
    name: str
    zone: str          # "WH/ZONE", or "" for none
    message: str


def assign(uow: UnitOfWork, actor: Actor, badge: str, warehouse: str | None, zone: str | None,
           key: str | None = None) -> PickerZone:
    """Put the picker with this badge in a zone of a warehouse (zone None: in no zone, any task but zone ones)."""
    actor.require(Permission.SUPERVISE)

    def work(uow: UnitOfWork) -> PickerZone:
        user = uow.session.execute(select(User).where(User.badge == badge, User.active.is_(True))).scalar_one_or_none()
        if user is None or user.role != "picker":
            raise DomainError(_("Badge {badge} is not an active picker.", badge=badge))
        found = None
        if zone:
            found = uow.session.execute(select(Zone).join(Warehouse, Warehouse.id == Zone.warehouse_id).where(
                Warehouse.code == warehouse, Zone.code == zone)).scalar_one_or_none()
            if found is None:
                raise DomainError(_("No zone {zone} in warehouse {warehouse}.", zone=zone, warehouse=warehouse))
        user.zone_id = found.id if found else None
        label = f"{warehouse}/{zone}" if found else ""
        commands.audit(uow, actor, "user.zone_set", "user", user.id, {"zone": label})
        return PickerZone(badge, user.name, label, _("{name} picks in zone {zone}.", name=user.name, zone=label)
                          if found else _("{name} picks in no zone.", name=user.name))

    return commands.run(uow, actor, key, "user.zone", {"badge": badge, "warehouse": warehouse, "zone": zone},
                        PickerZone, work)
