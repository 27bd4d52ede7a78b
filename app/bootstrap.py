"""The one place that builds the database and the services' policies, and binds services to them.

Screens never see this wiring: they hand a service function and its plain arguments to the station
session (`ctx.call` / `ctx.attempt`, app/ui/shell.py), which calls `floor.bind(service)`. `bind` fills
in what the service takes by parameter: `uow` a new unit of work (with the site's clock), a LoginPolicy
or PackingPolicy parameter the site's policy, `photos_dir` and `offline_after` from the settings.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from app.config import Settings
from app.db import migrate
from app.db.base import utcnow
from app.db.engine import Database
from app.db.uow import UnitOfWork
from app.domain.webhooks import RetryPolicy, UrlPolicy
from app.services.auth import LoginPolicy
from app.services.carriers import BuiltInCarrier
from app.services.karrio import KarrioCarrier
from app.services.packing import PackingPolicy
from app.services.printjobs import PrintSetup
from app.services.webhooks import WebhookSetup


@dataclass
class Floor:
    """Everything a request or a screen needs: settings, the database and the policies."""

    settings: Settings
    db: Database
    login_policy: LoginPolicy
    clock: Callable[[], datetime] = field(default=utcnow)
    packing: PackingPolicy = field(default_factory=PackingPolicy)
    print_setup: PrintSetup | None = None
    webhooks: WebhookSetup | None = None
    _bound: dict[Callable, Callable] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.print_setup is None:
            self.print_setup = print_setup(self.settings)
        if self.webhooks is None:
            self.webhooks = webhook_setup(self.settings)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.db, clock=self.clock)

    def reader(self) -> UnitOfWork:
        return UnitOfWork(self.db, clock=self.clock, read_only=True)

    def close(self) -> None:
        self.db.dispose()

    def bind(self, service: Callable) -> Callable:
        """`service` with this site's unit of work, policies and paths filled in; the caller passes the rest."""
        bound = self._bound.get(service)
        if bound is None:
            bound = self._bound[service] = _bind(service, self._provides())
        return bound

    def _provides(self) -> dict[str, Callable[[], object]]:
        """What `bind` fills in, by a parameter's name or the name of its annotation."""
        return {"uow": self.uow, "LoginPolicy": lambda: self.login_policy, "PackingPolicy": lambda: self.packing,
                "photos_dir": lambda: self.settings.photos_dir,
                "offline_after": lambda: self.settings.station_offline_seconds}


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _bind(service: Callable, provides: dict[str, Callable[[], object]]) -> Callable:
    """A callable that gives `service` its dependencies and the caller's arguments in the remaining places."""
    params = inspect.signature(service).parameters.values()
    slots = [provides.get(p.name) or provides.get(str(p.annotation)) for p in params if p.kind in _POSITIONAL]
    keywords = {p.name: provides.get(p.name) for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY
                and p.name in provides}
    if slots[:1] == [provides["uow"]] and not any(slots[1:]) and not keywords:   # most services: uow only
        make_uow = provides["uow"]
        return lambda *args, **kwargs: service(make_uow(), *args, **kwargs)

    def call(*args, **kwargs):
        given = iter(args)
        full = []
        for slot in slots:
            if slot is not None:
                full.append(slot())
            else:
                value = next(given, _END)
                if value is _END:
                    break
                full.append(value)
        for name, make in keywords.items():
            kwargs.setdefault(name, make())
        return service(*full, *given, **kwargs)

    return call


_END = object()


def login_policy(settings: Settings) -> LoginPolicy:
    return LoginPolicy(
        failed_pins_before_lock=settings.failed_pins_before_lock,
        lock_minutes=settings.lock_minutes,
        time_cost=settings.pin_hash_time_cost,
        memory_kib=settings.pin_hash_memory_kib,
    )


def packing_policy(settings: Settings) -> PackingPolicy:
    """FloorPost (built in) unless FLOOR_KARRIO_URL names a karrio server to buy carriers' labels from."""
    carrier = (KarrioCarrier(settings.karrio_url, settings.karrio_api_key, timeout=settings.karrio_timeout_seconds)
               if settings.karrio_url else BuiltInCarrier(settings.tracking_range_start, settings.tracking_range_end))
    return PackingPolicy(tolerance_pct=settings.weight_tolerance_pct, minimum_g=settings.weight_tolerance_min_g,
                         carrier=carrier)


def print_setup(settings: Settings) -> PrintSetup:
    return PrintSetup(spool_dir=settings.spool_dir, max_attempts=settings.print_max_attempts,
                      photos_dir=settings.photos_dir)


def webhook_setup(settings: Settings) -> WebhookSetup:
    return WebhookSetup(urls=UrlPolicy(http_hosts=frozenset(settings.webhook_http_hosts)),
                        retry=RetryPolicy(max_attempts=settings.webhook_max_attempts,
                                          timeout_seconds=settings.webhook_timeout_seconds))


def build(settings: Settings, *, upgrade: bool = True) -> Floor:
    """Connect, bring the schema to head (creating the data folder for SQLite) and wire services."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database.connect(settings.db_url)
    if upgrade:
        migrate.upgrade(db.engine)
    return Floor(settings=settings, db=db, login_policy=login_policy(settings), packing=packing_policy(settings))


def schema_revision(floor: Floor) -> str | None:
    """The Alembic revision the database's schema is at (for `floor db upgrade` to report)."""
    return migrate.current_revision(floor.db.engine)
