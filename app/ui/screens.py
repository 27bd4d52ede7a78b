"""Every screen module, imported once so its @screen(...) registration runs. Add new screens here."""

from app.ui.admin import home as admin_home  # noqa: F401
from app.ui.login import screen as login_screen  # noqa: F401
from app.ui.packer import home as packer_home  # noqa: F401
from app.ui.picker import home as picker_home  # noqa: F401
from app.ui.returns import home as returns_home  # noqa: F401
from app.ui.supervisor import home as supervisor_home  # noqa: F401
from app.ui.supervisor import scanner_test  # noqa: F401
