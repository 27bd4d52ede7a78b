"""All tables, imported in one place so Alembic and the app see the same metadata."""

from app.db.models.activity import ActivityHour
from app.db.models.inbound import CountLine, Inbound, InboundCarton, InboundLine, Transfer, TransferReceipt
from app.db.models.network import InboxMessage, OutboxMessage, Peer, PlanMove
from app.db.models.orders import Order, OrderLine
from app.db.models.people import AuditEntry, Command, OfflineScan, Station, User
from app.db.models.picking import (
    CountTask,
    FloorException,
    PickEvent,
    PickLine,
    PickTask,
    PickTaskOrder,
    SortPut,
    Wave,
)
from app.db.models.printing import Printer, PrintJob
from app.db.models.put_back import PutBack
from app.db.models.returns import ReturnPhoto, ReturnUnit, Rma, RmaLine, WebhookEvent, WebhookMark
from app.db.models.shipping import CarrierDocument, CartonType, Package, PackageLine, Serial, Tote
from app.db.models.site import Location, Product, Seller, Warehouse, Zone
from app.db.models.stock import Allocation, LedgerEntry, Stock

__all__ = [
    "ActivityHour", "Allocation", "AuditEntry", "CarrierDocument", "CartonType", "Command", "CountLine", "CountTask",
    "FloorException", "Inbound", "InboundCarton", "InboundLine", "InboxMessage", "LedgerEntry", "Location",
    "OfflineScan", "Order", "OrderLine", "OutboxMessage", "Package", "PackageLine", "Peer", "PickEvent", "PickLine",
    "PickTask", "PickTaskOrder", "PlanMove", "PrintJob", "Printer", "Product", "PutBack", "ReturnPhoto",
    "ReturnUnit", "Rma", "RmaLine", "Seller", "Serial", "SortPut", "Station", "Stock", "Tote", "Transfer",
    "TransferReceipt", "User", "Warehouse", "Wave", "WebhookEvent", "WebhookMark", "Zone",
]
