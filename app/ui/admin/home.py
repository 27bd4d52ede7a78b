"""The admin's home: people, stations, the board and the scanner test (its Menu.ADMIN places)."""

from app.i18n import N_
from app.ui.home import RoleHome
from app.ui.navigation import Menu


class AdminHome(RoleHome):
    headline = N_("Set up the site.")
    duties = (N_("Add people, reset PINs, switch badges off and on, change roles."),
              N_("Name stations; give each a printer and a warehouse."),
              N_("Check a scanner is configured right before it goes on the floor."))
    menu = Menu.ADMIN
