"""The returns clerk's home is the returns desk itself: a kiosk does one thing, so it opens on the scan
prompt (app/ui/returns/desk.py and its views)."""

from app.domain.roles import Role
from app.ui.returns.desk import ReturnsDesk
from app.ui.routes import screen


@screen("/returns", roles=[Role.RETURNS_CLERK], label="Returns desk")
class ReturnsHome(ReturnsDesk):
    pass
