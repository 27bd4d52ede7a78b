"""Badge + PIN login, lock-out after repeated wrong PINs, and the user admin commands."""

from __future__ import annotations

import math
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import object_session

from app.db.models import AuditEntry, Station, User
from app.db.uow import UnitOfWork
from app.domain.codes import badge_number
from app.domain.errors import BadCredentials, BadgeLocked, DomainError, InvalidInput, NotFound
from app.domain.languages import checked as checked_language
from app.domain.roles import Actor, Permission, Role
from app.i18n import _, n_
from app.services import commands
from app.services.commands import audit

_PIN = re.compile(r"^\d{4,8}$")
_BADGE = re.compile(r"^[A-Z0-9\-]{1,32}$")
HOME = {
    Role.PICKER: "/pick",
    Role.PACKER: "/pack",
    Role.RETURNS_CLERK: "/returns",
    Role.SUPERVISOR: "/board",
    Role.ADMIN: "/admin",
}


# argon2id holds memory_kib while it hashes: at most this many at once, so 20 badges scanned at the start of
# a shift do not each add their hash's memory to the server's peak (they queue for a few ms instead)
_HASHING = threading.BoundedSemaphore(2)


@dataclass(frozen=True)
class LoginPolicy:
    """How PINs are hashed and how many wrong ones lock a badge (from Settings).

    argon2id, 2 passes over 19 MiB: OWASP's recommended minimum for passwords. A 4-8 digit PIN is not a
    password: what protects it is the lock after 5 wrong tries (and TLS on the Wi-Fi); the slow hash protects
    the PINs of a stolen backup a little. 64 MiB per login lifted the server's peak to ~278 MB for nothing."""

    failed_pins_before_lock: int = 5
    lock_minutes: int = 15
    time_cost: int = 2
    memory_kib: int = 19456

    @cached_property
    def hasher(self) -> PasswordHasher:
        return PasswordHasher(time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=1)

    @cached_property
    def _dummy_hash(self) -> str:
        return self.hasher.hash(secrets.token_hex(8))

    def verify(self, pin_hash: str | None, pin: str) -> bool:
        """Whether `pin` matches; with no hash (an unknown badge), the same slow work against a dummy."""
        try:
            with _HASHING:
                return self.hasher.verify(pin_hash or self._dummy_hash, pin) and pin_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    def hash(self, pin: str) -> str:
        with _HASHING:
            return self.hasher.hash(pin)


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    name: str
    role: str
    badge: str
    home: str
    station_id: int | None
    language: str = "en"   # the person's own: the station speaks it while they are signed in

    def actor(self) -> Actor:
        return Actor.user(self.user_id, self.name, self.role, self.station_id)


@dataclass(frozen=True)
class UserInfo:
    id: int
    badge: str
    name: str
    role: str
    active: bool
    locked: bool
    language: str = "en"


def check_pin_format(pin: str) -> None:
    if not _PIN.match(pin or ""):
        raise InvalidInput(_("A PIN is 4 to 8 digits."), {"pin": "4 to 8 digits"})


def _clean_badge(badge: str) -> str:
    number = badge_number(badge or "")
    if not _BADGE.match(number):
        raise InvalidInput(_("That is not a badge number."), {"badge": "letters, digits and -"})
    return number


def login(uow: UnitOfWork, policy: LoginPolicy, badge: str, pin: str,
          station_id: int | None = None) -> SignedIn:
    """Sign a badge in at a station, or say why not. Wrong PINs count toward a lock.

    An unknown badge, a switched-off one and a wrong PIN get the same words after the same work (the slow
    hash is always computed, against a dummy for an unknown badge, and unknown badges count and lock like
    known ones), so a stranger cannot learn which badges exist. Only the right PIN hears "switched off".
    See docs/operations.md, "What a wrong login says"."""
    number = _clean_badge(badge)
    if not _PIN.match(pin or ""):
        raise BadCredentials(_("Badge or PIN not recognised."))
    with uow.reading() as reader:  # read, then verify the slow hash outside any write transaction
        user = reader.session.execute(select(User).where(User.badge == number)).scalar_one_or_none()
        snapshot = None if user is None else (user.id, user.pin_hash, user.active, user.locked_until)
        stranger = _stranger_state(reader, number) if user is None else None
    now = uow.now()
    ok = policy.verify(snapshot[1] if snapshot else None, pin)   # the same slow work for every badge
    if snapshot is None:
        _refuse_unknown(uow, policy, number, station_id, stranger, now)
    user_id, _hash, active, locked_until = snapshot
    if locked_until is not None and locked_until > now:
        raise BadgeLocked(_locked_message(locked_until, now), until=locked_until.isoformat())
    with uow:
        user = uow.session.get(User, user_id, with_for_update=True)
        if user.locked_until is not None and user.locked_until > now:
            raise BadgeLocked(_locked_message(user.locked_until, now))
        who = Actor.user(user.id, user.name, user.role, station_id)
        if not ok:
            user.failed_pins += 1
            left = policy.failed_pins_before_lock - user.failed_pins
            audit(uow, who, "login.wrong_pin", "user", user.id, {"failed_in_a_row": user.failed_pins})
            if left <= 0:
                user.locked_until = now + timedelta(minutes=policy.lock_minutes)
                user.failed_pins = 0
                audit(uow, who, "badge.locked", "user", user.id,
                      {"until": user.locked_until, "after_wrong_pins": policy.failed_pins_before_lock})
                _sign_out_everywhere(uow.session, user.id, _(
                    "Badge {badge} was locked after {n} wrong PINs. Ask a supervisor.",
                    badge=user.badge, n=policy.failed_pins_before_lock))
            uow.commit()
            if left <= 0:
                raise BadgeLocked(_locked_message(user.locked_until, now))
            raise _not_recognised(left)
        if not active:   # only someone who knows the PIN learns that the badge is switched off
            raise BadgeLocked(_("This badge is switched off. Ask a supervisor."))
        user.failed_pins = 0
        user.locked_until = None
        if policy.hasher.check_needs_rehash(user.pin_hash):   # e.g. a hash made with the old 64 MiB cost
            user.pin_hash = policy.hash(pin)
        if station_id is not None:
            uow.session.execute(update(Station).where(Station.id == station_id)
                                .values(user_id=user.id, last_seen=now, connected=True, reconnecting=False,
                                        signed_out_note=""))
        audit(uow, who, "login", "user", user.id, {"station_id": station_id})
        result = SignedIn(user.id, user.name, user.role, user.badge, HOME[Role(user.role)], station_id,
                          user.locale or "en")
        uow.commit()
        return result


def _sign_out_everywhere(session, user_id: int, note: str) -> None:
    """Whoever uses this badge is signed out of every station; each station's screen says `note`."""
    session.execute(update(Station).where(Station.user_id == user_id).values(
        user_id=None, screen="", activity="", reconnecting=False, signed_out_note=note[:200]))


def _not_recognised(left: int) -> BadCredentials:
    return BadCredentials(n_("Badge or PIN not recognised. {n} more try before this badge locks.",
                             "Badge or PIN not recognised. {n} more tries before this badge locks.", left),
                          attempts_left=left)


def _stranger_state(uow: UnitOfWork, number: str) -> tuple[int, datetime | None]:
    """Wrong tries in a row and lock of a badge nobody has, from its last `login.unknown_badge` audit row."""
    detail = uow.session.execute(
        select(AuditEntry.detail).where(AuditEntry.subject_type == "badge", AuditEntry.subject_id == number,
                                        AuditEntry.action == "login.unknown_badge")
        .order_by(AuditEntry.id.desc()).limit(1)).scalar_one_or_none() or {}
    until = detail.get("locked_until")
    return int(detail.get("failed_in_a_row", 0)), datetime.fromisoformat(until) if until else None


def _refuse_unknown(uow: UnitOfWork, policy: LoginPolicy, number: str, station_id: int | None,
                    state: tuple[int, datetime | None], now: datetime) -> NoReturn:
    """Answer a badge nobody has exactly as a known badge with a wrong PIN is answered."""
    failed, until = state
    if until is not None and until > now:
        raise BadgeLocked(_locked_message(until, now), until=until.isoformat())
    failed += 1
    left = policy.failed_pins_before_lock - failed
    until = now + timedelta(minutes=policy.lock_minutes) if left <= 0 else None
    with uow:
        audit(uow, Actor.system("login"), "login.unknown_badge", "badge", number,
              {"station_id": station_id, "failed_in_a_row": 0 if until else failed,
               "locked_until": until.isoformat() if until else None})
        uow.commit()
    if until is not None:
        raise BadgeLocked(_locked_message(until, now))
    raise _not_recognised(left)


def _locked_message(until, now) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return n_("This badge is locked for {n} more minute. Ask a supervisor.",
              "This badge is locked for {n} more minutes. Ask a supervisor.", minutes)


def logout(uow: UnitOfWork, actor: Actor, reason: str = "logout") -> None:
    """Sign the actor out of their station (a button, an idle kiosk, or a supervisor remotely)."""
    with uow:
        if actor.station_id is not None:
            uow.session.execute(update(Station).where(Station.id == actor.station_id,
                                                      Station.user_id == actor.user_id)
                                .values(user_id=None, screen="", activity=""))
        audit(uow, actor, reason, "user", actor.user_id or "")
        uow.commit()


def _user_info(user: User, now) -> UserInfo:
    locked = user.locked_until is not None and user.locked_until > now
    return UserInfo(user.id, user.badge, user.name, user.role, user.active, locked, user.locale or "en")


def users(uow: UnitOfWork, actor: Actor) -> list[UserInfo]:
    """Everyone with a badge, by badge number (admins: the users screen)."""
    actor.require(Permission.MANAGE_USERS)
    with uow.reading() as uow:
        now = uow.now()
        return [_user_info(u, now) for u in uow.session.execute(select(User).order_by(User.badge)).scalars()]


def add_user(uow: UnitOfWork, actor: Actor, policy: LoginPolicy, badge: str, name: str,
             role: str, pin: str, key: str | None = None, language: str = "en") -> UserInfo:
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    number = _clean_badge(badge)
    check_pin_format(pin)
    language = checked_language(language)
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise InvalidInput(_("A user needs a name (up to 120 characters)."), {"name": "required"})
    try:
        role = Role(role).value
    except ValueError:
        raise InvalidInput(_("Unknown role {role}.", role=repr(role)),
                           {"role": ", ".join(r.value for r in Role)})
    pin_hash = policy.hash(pin)  # slow: outside the transaction

    def work(uow: UnitOfWork) -> UserInfo:
        if uow.session.execute(select(User.id).where(User.badge == number)).first():
            raise DomainError(_("Badge {number} is already in use.", number=number))
        user = User(badge=number, name=name, role=role, pin_hash=pin_hash, locale=language, created_at=uow.now())
        uow.session.add(user)
        uow.session.flush()
        audit(uow, actor, "user.added", "user", user.id, {"badge": number, "role": role, "language": language})
        return _user_info(user, uow.now())

    return commands.run(uow, actor, key, "user.add",
                        {"badge": number, "name": name, "role": role, "language": language}, UserInfo, work)


def _change_user(uow: UnitOfWork, actor: Actor, badge: str, action: str, change, detail=None,
                 key: str | None = None) -> UserInfo:
    actor.require(Permission.MANAGE_USERS, Permission.SYSTEM)
    number = _clean_badge(badge)

    def work(uow: UnitOfWork) -> UserInfo:
        user = uow.session.execute(select(User).where(User.badge == number)).scalar_one_or_none()
        if user is None:
            raise NotFound(_("No user has badge {number}.", number=number))
        change(user, uow.now())
        audit(uow, actor, action, "user", user.id, detail or {})
        return _user_info(user, uow.now())

    return commands.run(uow, actor, key, action, {"badge": number, **(detail or {})}, UserInfo, work)


def reset_pin(uow, actor, policy: LoginPolicy, badge: str, pin: str, key=None) -> UserInfo:
    check_pin_format(pin)
    new_hash = policy.hash(pin)

    def change(user, now):
        user.pin_hash, user.failed_pins, user.locked_until = new_hash, 0, None

    return _change_user(uow, actor, badge, "user.pin_reset", change, key=key)


def lock_user(uow, actor, badge: str, key=None) -> UserInfo:
    """Switch a badge off: it logs in nowhere, and whoever uses it is signed out of every station now."""
    def change(user, now):
        user.active = False
        _sign_out_everywhere(object_session(user), user.id,
                             _("Badge {badge} was switched off by {name}.", badge=user.badge, name=actor.name))

    return _change_user(uow, actor, badge, "user.locked", change, key=key)


def unlock_user(uow, actor, badge: str, key=None) -> UserInfo:
    def change(user, now):
        user.active, user.failed_pins, user.locked_until = True, 0, None

    return _change_user(uow, actor, badge, "user.unlocked", change, key=key)


def change_role(uow, actor, badge: str, role: str, key=None) -> UserInfo:
    try:
        role = Role(role).value
    except ValueError:
        raise InvalidInput(_("Unknown role {role}.", role=repr(role)),
                           {"role": ", ".join(r.value for r in Role)})

    def change(user, now):
        user.role = role

    return _change_user(uow, actor, badge, "user.role_changed", change, {"role": role}, key=key)


def set_language(uow, actor, badge: str, language: str, key=None) -> UserInfo:
    """The language a person's screens speak from their next login (their own session: at once)."""
    language = checked_language(language)

    def change(user, now):
        user.locale = language

    return _change_user(uow, actor, badge, "user.language_changed", change, {"language": language}, key=key)
