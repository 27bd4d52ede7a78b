"""The admin's home: people, stations, printers and settings."""

from app.domain.roles import Role
from app.ui.home import Action, RoleHome
from app.ui.routes import screen


@screen("/admin", roles=[Role.ADMIN], label="Admin")
class AdminHome(RoleHome):
    headline = "Set up the site."
    duties = ("Add people, reset PINs, unlock badges.",
              "Name stations and printers; check their state.",
              "Check a scanner is configured right before it goes on the floor.")
    actions = (Action("Scanner test", "/scanner-test"),)
