"""The picker's home: where a pick task starts (the task screens come in app/ui/picker/)."""

from app.domain.roles import Role
from app.ui.home import RoleHome
from app.ui.routes import screen


@screen("/pick", roles=[Role.PICKER], label="Picking")
class PickerHome(RoleHome):
    headline = "Pick orders into totes."
    duties = ("Take a pick task: the bins come in walking order.",
              "Scan the bin, then each item, into the tote.",
              "Bin short or empty? Say so: a supervisor is told at once.")
