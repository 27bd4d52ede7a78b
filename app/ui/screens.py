"""Every screen module, imported once so its @screen(...) registration runs. Add new screens here."""

from app.ui.admin import home as admin_home  # noqa: F401
from app.ui.admin import stations as admin_stations  # noqa: F401
from app.ui.admin import users as admin_users  # noqa: F401
from app.ui.dock import screen as dock_screen  # noqa: F401
from app.ui.login import screen as login_screen  # noqa: F401
from app.ui.packer import home as packer_home  # noqa: F401
from app.ui.picker import home as picker_home  # noqa: F401
from app.ui.picker import task as pick_task  # noqa: F401
from app.ui.returns import home as returns_home  # noqa: F401
from app.ui.stock import count as stock_count  # noqa: F401
from app.ui.stock import hub as stock_hub  # noqa: F401
from app.ui.stock import put_back as stock_put_back  # noqa: F401
from app.ui.stock import putaway as stock_putaway  # noqa: F401
from app.ui.stock import receive as stock_receive  # noqa: F401
from app.ui.stock import transfer_in as stock_transfer_in  # noqa: F401
from app.ui.supervisor import audit as board_audit  # noqa: F401
from app.ui.supervisor import backlog as board_backlog  # noqa: F401
from app.ui.supervisor import counts as board_counts  # noqa: F401
from app.ui.supervisor import exceptions as board_exceptions  # noqa: F401
from app.ui.supervisor import home as supervisor_home  # noqa: F401
from app.ui.supervisor import inbound as board_inbound  # noqa: F401
from app.ui.supervisor import returns as board_returns  # noqa: F401
from app.ui.supervisor import scanner_test  # noqa: F401
from app.ui.supervisor import stock as board_stock  # noqa: F401
from app.ui.supervisor import throughput as board_throughput  # noqa: F401
from app.ui.supervisor import transfers as board_transfers  # noqa: F401
from app.ui.supervisor import wave as board_wave  # noqa: F401
