"""Who may do what: roles, permissions and the actor that carries them into every service."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import PermissionDenied
from app.i18n import N_, _


class Role(StrEnum):
    PICKER = "picker"
    PACKER = "packer"
    RETURNS_CLERK = "returns_clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(StrEnum):
    PICK = "pick"
    PACK = "pack"
    SHIP = "ship"
    RETURNS = "returns"
    RECEIVE = "receive"
    COUNT = "count"
    STOCK_ADJUST = "stock_adjust"
    SUPERVISE = "supervise"
    MANAGE_USERS = "manage_users"
    ORDER_INTAKE = "order_intake"
    SYSTEM = "system"
    PEER = "peer"   # another site of the network: its stock picture, announcements, receipts; nothing else


_FLOOR = {Permission.RECEIVE, Permission.COUNT}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.PICKER: frozenset({Permission.PICK, *_FLOOR}),
    Role.PACKER: frozenset({Permission.PACK, Permission.SHIP, *_FLOOR}),
    Role.RETURNS_CLERK: frozenset({Permission.RETURNS, *_FLOOR}),
    Role.SUPERVISOR: frozenset(
        {Permission.SUPERVISE, Permission.STOCK_ADJUST, Permission.ORDER_INTAKE, *_FLOOR}
    ),
    Role.ADMIN: frozenset(
        {
            Permission.SUPERVISE,
            Permission.STOCK_ADJUST,
            Permission.ORDER_INTAKE,
            Permission.MANAGE_USERS,
            *_FLOOR,
        }
    ),
}
ROLE_LABELS = {
    Role.PICKER: N_("Picker"),
    Role.PACKER: N_("Packer"),
    Role.RETURNS_CLERK: N_("Returns clerk"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.ADMIN: N_("Admin"),
}


@dataclass(frozen=True)
class Actor:
    """Who is calling a service: a person at a station, a seller's API token, or the system."""

    kind: str  # "user" | "seller" | "system" | "peer"
    name: str
    permissions: frozenset[Permission]
    user_id: int | None = None
    role: Role | None = None
    station_id: int | None = None
    seller_id: int | None = None

    @classmethod
    def user(cls, user_id: int, name: str, role: Role | str, station_id: int | None = None) -> Actor:
        role = Role(role)
        return cls("user", name, ROLE_PERMISSIONS[role], user_id=user_id, role=role, station_id=station_id)

    @classmethod
    def seller(cls, seller_id: int, name: str) -> Actor:
        return cls("seller", name, frozenset({Permission.ORDER_INTAKE}), seller_id=seller_id)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls("system", name, frozenset(Permission))

    @classmethod
    def peer(cls, code: str) -> Actor:
        """Another site calling with the token this site gave it."""
        return cls("peer", code, frozenset({Permission.PEER}))

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, *permissions: Permission) -> None:
        """Refuse unless the actor holds at least one of the given permissions."""
        if not any(p in self.permissions for p in permissions):
            wanted = " or ".join(p.value for p in permissions)
            raise PermissionDenied(_("{name} is not allowed to do this (needs {wanted}).",
                                     name=self.name, wanted=wanted))

    def require_seller(self, seller_id: int) -> None:
        """A seller's token reaches that seller's data only."""
        if self.kind == "seller" and self.seller_id != seller_id:
            raise PermissionDenied(_("This belongs to another seller."))
