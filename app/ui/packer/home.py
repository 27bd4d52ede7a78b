"""The packer's home at the pack bench."""

from app.domain.roles import Role
from app.ui.home import RoleHome
from app.ui.routes import screen


@screen("/pack", roles=[Role.PACKER], label="Packing")
class PackerHome(RoleHome):
    headline = "Pack totes into cartons and ship."
    duties = ("Scan a tote: its orders and items appear.",
              "Scan every item into the carton, weigh it, close it.",
              "Print the shipping label and hand the parcel off.")
