"""The network: the other sites (peers), the planner's proposed moves, and the messages between sites
(an outbox delivered in order per transfer, an inbox that takes each message once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow


class Peer(Base):
    """Another site: where its server answers, the token we call it with, the hash of the token it calls us with."""

    __tablename__ = "peers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    url: Mapped[str] = mapped_column(String(300))
    token: Mapped[str] = mapped_column(String(200))
    inbound_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(String(400))


class PlanMove(Base):
    """One transfer the planner proposed; a supervisor approves (a transfer is made at the source) or dismisses."""

    __tablename__ = "plan_moves"
    __table_args__ = (Index("ix_plan_moves_plan_no", "plan_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_no: Mapped[int] = mapped_column()
    seller: Mapped[str] = mapped_column(String(32))
    sku: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    dest: Mapped[str] = mapped_column(String(16))
    units: Mapped[int] = mapped_column()
    cartons: Mapped[int] = mapped_column()
    lead_days: Mapped[float] = mapped_column()
    cost: Mapped[float] = mapped_column()
    per_day: Mapped[float] = mapped_column()
    cover_before: Mapped[float] = mapped_column()
    days_bought: Mapped[float] = mapped_column()
    spike: Mapped[bool] = mapped_column(default=False)
    why: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(12), default="proposed")   # proposed | approved | dismissed
    transfer: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by: Mapped[str | None] = mapped_column(String(120))


class OutboxMessage(Base):
    """A message for a peer, written in the transaction that caused it; a worker delivers it, oldest first."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    peer: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(40))            # the transfer's number: order is kept per ref
    message_id: Mapped[str] = mapped_column(String(80), unique=True)
    payload: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(String(400))


class InboxMessage(Base):
    """A message a peer delivered: kept by its id, so a redelivery changes nothing."""

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("peer", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    peer: Mapped[str] = mapped_column(String(32))
    message_id: Mapped[str] = mapped_column(String(80))
    topic: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(default=dict)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
