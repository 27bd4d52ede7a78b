"""Messages to other sites, written in the transaction that caused them (so they exist exactly when their
cause does); app/services/network.py delivers them, in order per reference, until the peer has them."""

from __future__ import annotations

import uuid

from app.db.models import OutboxMessage, Warehouse
from app.db.uow import UnitOfWork


def post(uow: UnitOfWork, peer: str, topic: str, ref: str, payload: dict) -> OutboxMessage:
    """Queue one message for `peer` in the caller's transaction."""
    message = OutboxMessage(peer=peer, topic=topic, ref=ref, message_id=f"{topic}:{ref}:{uuid.uuid4().hex[:12]}",
                            payload=payload, created_at=uow.now(), next_attempt_at=uow.now())
    uow.session.add(message)
    uow.session.flush()
    return message


def request_transfer(uow: UnitOfWork, peer: str, seller: str, source: str, dest: Warehouse, dest_site: str | None,
                     lines: list[tuple[str, int]]) -> str:
    """Ask the site that runs `source` to plan a transfer (an approved move of the network plan); `dest_site`
    None: the destination is a warehouse of the asking site, which the peer learns from the message."""
    ref = f"REQ-{uuid.uuid4().hex[:10].upper()}"
    post(uow, peer, "transfer.request", ref, {
        "seller": seller, "from": source, "to": dest.code, "lines": [[sku, n] for sku, n in lines],
        "to_warehouse": {"code": dest.code, "name": dest.name, "country": dest.country, "site": dest_site,
                         "address_lines": dest.address_lines, "city": dest.city, "postal_code": dest.postal_code}})
    return f"{ref}@{peer}"
