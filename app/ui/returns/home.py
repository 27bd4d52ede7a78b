"""The returns clerk's home at the returns desk."""

from app.domain.roles import Role
from app.ui.home import RoleHome
from app.ui.routes import screen


@screen("/returns", roles=[Role.RETURNS_CLERK], label="Returns")
class ReturnsHome(RoleHome):
    headline = "Receive and inspect returns."
    duties = ("Scan the return label or RMA: see what should be inside.",
              "Inspect every unit: grade, reason, notes, photos.",
              "Print the restock label and put it away, or to quarantine.")
