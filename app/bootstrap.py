"""The one place that builds the database, the services' policies and (later) printers."""

from __future__ import annotations

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


def login_policy(settings: Settings) -> LoginPolicy:
    return LoginPolicy(
        failed_pins_before_lock=settings.failed_pins_before_lock,
        lock_minutes=settings.lock_minutes,
        time_cost=settings.pin_hash_time_cost,
        memory_kib=settings.pin_hash_memory_kib,
    )


def packing_policy(settings: Settings) -> PackingPolicy:
    return PackingPolicy(tolerance_pct=settings.weight_tolerance_pct, minimum_g=settings.weight_tolerance_min_g,
                         carrier=BuiltInCarrier(settings.tracking_range_start, settings.tracking_range_end))


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
