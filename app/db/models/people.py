"""Users, stations, the audit log and the command table that makes every command idempotent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow

ROLES = ("picker", "packer", "returns_clerk", "supervisor", "admin")
STATION_KINDS = ("tablet", "kiosk", "desktop", "printer")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({', '.join(repr(r) for r in ROLES)})", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    badge: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    pin_hash: Mapped[str] = mapped_column(String(200))
    failed_pins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))   # a zone picker takes only its zone's tasks


class Station(Base):
    """A tablet, kiosk, desktop or printer known to the site, with its heartbeat."""

    __tablename__ = "stations"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in STATION_KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(12), default="tablet")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    screen: Mapped[str] = mapped_column(String(80), default="")
    activity: Mapped[str] = mapped_column(String(200), default="")
    last_seen: Mapped[datetime | None] = mapped_column()
    last_scan: Mapped[str] = mapped_column(String(120), default="")
    last_scan_at: Mapped[datetime | None] = mapped_column()
    connected: Mapped[bool] = mapped_column(default=False)
    paused: Mapped[bool] = mapped_column(default=False)
    paused_by: Mapped[str] = mapped_column(String(120), default="")   # the supervisor's name, on the tablet
    # why its person was signed out from elsewhere (a supervisor, a badge switched off): the tablet says so
    signed_out_note: Mapped[str] = mapped_column(String(200), default="")
    # set when the connection dropped: the next heartbeat may put its signed-in person back
    reconnecting: Mapped[bool] = mapped_column(default=False)
    default_printer_id: Mapped[int | None] = mapped_column(ForeignKey("printers.id"))
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    scale: Mapped[str] = mapped_column(String(120), default="")   # host:port of its bench scale (MT-SICS)
    # the language its login screen speaks ("" = its warehouse's); a signed-in person's own wins
    language: Mapped[str] = mapped_column(String(10), default="", server_default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_at", "at"),
        Index("ix_audit_user_at", "user_id", "at"),
        Index("ix_audit_station_at", "station_id", "at"),
        Index("ix_audit_subject", "subject_type", "subject_id"),
        Index("ix_audit_seller_at", "seller_id", "at"),
        Index("ix_audit_action_at", "action", "at"),
        Index("ix_audit_order", "order_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(60))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    seller_id: Mapped[int | None] = mapped_column(ForeignKey("sellers.id"))
    order_id: Mapped[int | None] = mapped_column()  # the order the action was about, when there is one
    actor: Mapped[str] = mapped_column(String(120), default="")
    subject_type: Mapped[str] = mapped_column(String(30), default="")
    subject_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict] = mapped_column(default=dict)
    command_key: Mapped[str | None] = mapped_column(String(80))


class Command(Base):
    """A command's key, claimed in the same transaction as its effect; a retry gets `result` back."""

    __tablename__ = "commands"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    fingerprint: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    result: Mapped[dict | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


OFFLINE_SCAN_STATES = ("waiting", "applied", "refused", "failed")


class OfflineScan(Base):
    """A scan a tablet kept while its link was down, handed over when it came back (key: the tablet's own),
    waiting here until its person's session on that station takes it through the scan pipeline."""

    __tablename__ = "offline_scans"
    __table_args__ = (
        CheckConstraint(f"state IN ({', '.join(repr(s) for s in OFFLINE_SCAN_STATES)})", name="state"),
        Index("ix_offline_scans_waiting", "station_id", "state", "seq"),
    )

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    seq: Mapped[int] = mapped_column()          # the tablet's order: scans are applied in it
    code: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(80), default="")   # the screen it was scanned at
    scanned_at: Mapped[datetime] = mapped_column()
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    outcome: Mapped[str] = mapped_column(String(300), default="")
