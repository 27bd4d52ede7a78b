"""Roles reach their own services only; results survive the trip through the command table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from app.domain.errors import PermissionDenied
from app.domain.roles import Actor, Permission, Role
from app.services.results import from_json, to_json


@pytest.mark.parametrize("role, allowed, refused", [
    (Role.PICKER, Permission.PICK, Permission.SUPERVISE),
    (Role.PACKER, Permission.PACK, Permission.PICK),
    (Role.RETURNS_CLERK, Permission.RETURNS, Permission.PACK),
    (Role.SUPERVISOR, Permission.SUPERVISE, Permission.MANAGE_USERS),
    (Role.ADMIN, Permission.MANAGE_USERS, Permission.PICK),
])
def test_each_role_holds_its_own_permissions_only(role, allowed, refused):
    actor = Actor.user(1, "x", role)
    actor.require(allowed)
    with pytest.raises(PermissionDenied):
        actor.require(refused)


def test_a_seller_reaches_only_its_own_data():
    actor = Actor.seller(3, "S3")
    actor.require_seller(3)
    with pytest.raises(PermissionDenied):
        actor.require_seller(4)


@dataclass(frozen=True)
class Line:
    sku: str
    n: int


@dataclass(frozen=True)
class Result:
    id: int
    at: datetime
    day: date | None
    lines: tuple[Line, ...]
    extra: dict
    note: str | None = None


def test_a_result_comes_back_from_json_equal_to_itself():
    r = Result(1, datetime(2026, 11, 27, 9, 30, tzinfo=UTC), date(2026, 12, 1),
               (Line("A", 1), Line("B", 2)), {"k": [1, 2]})
    assert from_json(Result, to_json(r)) == r
