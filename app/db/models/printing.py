"""Printers known to the site and every print job sent to them (state, attempts, reprints)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow

JOB_STATES = ("queued", "sent", "printing", "done", "failed")


class Printer(Base):
    __tablename__ = "printers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # pdf | cups | zpl
    config: Mapped[dict] = mapped_column(default=dict)  # queue, server, host, port, dpi, darkness
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    active: Mapped[bool] = mapped_column(default=True)
    offline_since: Mapped[datetime | None] = mapped_column()  # the worker could not reach it; cleared by a print


class PrintJob(Base):
    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_state_next", "state", "next_attempt_at"),
                      Index("ix_print_jobs_printer_at", "printer_id", "created_at"),
                      Index("ix_print_jobs_subject", "subject_type", "subject_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)  # server-made; names the PDF URL
    document: Mapped[str] = mapped_column(String(30))  # shipping_label | packing_slip | return_label ...
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column()
    params: Mapped[dict | None] = mapped_column()  # what else the document needs (a manifest's carrier and day)
    printer_id: Mapped[int] = mapped_column(ForeignKey("printers.id"))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(300), default="")
    external_ref: Mapped[str] = mapped_column(String(80), default="")
    reprint_of: Mapped[int | None] = mapped_column(ForeignKey("print_jobs.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
