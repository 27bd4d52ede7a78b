"""The admin's home: people, stations, the board and the scanner test."""

from app.domain.roles import Role
from app.ui.home import Action, RoleHome
from app.ui.routes import screen


@screen("/admin", roles=[Role.ADMIN], label="Admin")
class AdminHome(RoleHome):
    headline = "Set up the site."
    duties = ("Add people, reset PINs, switch badges off and on, change roles.",
              "Name stations; give each a printer and a warehouse.",
              "Check a scanner is configured right before it goes on the floor.")
    actions = (Action("Users", "/admin/users"), Action("Station setup", "/stations"),
               Action("Board", "/board"), Action("Scanner test", "/scanner-test"))
