"""All tables, imported in one place so Alembic and the app see the same metadata."""

from app.db.models.orders import Order, OrderLine
from app.db.models.people import AuditEntry, Command, Station, User
from app.db.models.site import Location, Product, Seller, Warehouse, Zone
from app.db.models.stock import Allocation, LedgerEntry, Stock

__all__ = [
    "Allocation", "AuditEntry", "Command", "LedgerEntry", "Location", "Order", "OrderLine",
    "Product", "Seller", "Station", "Stock", "User", "Warehouse", "Zone",
]
