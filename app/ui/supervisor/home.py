"""The supervisor's home: the live board comes here; the scanner test is ready now."""

from app.domain.roles import Role
from app.ui.home import Action, RoleHome
from app.ui.routes import screen


@screen("/board", roles=[Role.SUPERVISOR], label="Board")
class SupervisorHome(RoleHome):
    headline = "Watch the floor and keep it moving."
    duties = ("See every station live: who, what task, idle time, printers.",
              "Resolve exceptions: short picks, damaged returns.",
              "Reassign work; manage people and stations.")
    actions = (Action("Scanner test", "/scanner-test"),)
