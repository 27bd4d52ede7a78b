"""Every screen of the station app, declared once: its path, who may open it, what it is called (a msgid,
shown in the header and in the guard's messages) and where its buttons sit in menus.

Adding a screen = one component file + one line here. app/ui/routes.py resolves paths against this table;
menus are built from it (`ctx.menu(Menu.BOARD)`); screens import neither, so nothing imports back here.
"""

from __future__ import annotations

import flet as ft

from app.domain.roles import Role
from app.i18n import N_
from app.ui.admin.bins import Bins
from app.ui.admin.cartons import Cartons
from app.ui.admin.home import AdminHome
from app.ui.admin.peers import Peers
from app.ui.admin.products import Products
from app.ui.admin.sellers import Sellers
from app.ui.admin.stations import StationSetup
from app.ui.admin.users import Users
from app.ui.admin.warehouses import Warehouses
from app.ui.dock.screen import DockScreen
from app.ui.login.screen import LoginScreen
from app.ui.navigation import LOGIN, Menu, Place, ScreenRoute
from app.ui.network.stock import NetworkStockScreen
from app.ui.packer.bench import PackBench
from app.ui.packer.put_wall import PutWall
from app.ui.packer.singles import SinglesBench
from app.ui.picker.home import PickerHome
from app.ui.picker.task import PickTask
from app.ui.returns.desk import ReturnsDesk
from app.ui.stock.count import Count
from app.ui.stock.hub import StockHub
from app.ui.stock.put_back import PutBack
from app.ui.stock.putaway import PutAway
from app.ui.stock.receive import Receive
from app.ui.stock.transfer_in import TransferIn
from app.ui.supervisor.audit import AuditLog
from app.ui.supervisor.backlog import BacklogScreen
from app.ui.supervisor.counts import Counts
from app.ui.supervisor.exceptions import ExceptionsQueue
from app.ui.supervisor.home import LiveBoard
from app.ui.supervisor.inbound import InboundList
from app.ui.supervisor.returns import ReturnsInProgress
from app.ui.supervisor.scanner_test import ScannerTest
from app.ui.supervisor.stock import StockScreen
from app.ui.supervisor.throughput import ThroughputScreen
from app.ui.supervisor.transfers import Transfers
from app.ui.supervisor.wave import ReleaseWave

BOARD = (Role.SUPERVISOR, Role.ADMIN)
FLOOR = tuple(Role)   # stock work: everyone on the floor
I = ft.Icons  # noqa: E741

SCREENS = (
    ScreenRoute(LOGIN, LoginScreen, (), N_("Log in")),
    # picker, packer, returns clerk: their homes are where they work
    ScreenRoute("/pick", PickerHome, (Role.PICKER,), N_("Picking")),
    ScreenRoute("/pick/task", PickTask, (Role.PICKER,), N_("Pick task")),
    ScreenRoute("/pack", PackBench, (Role.PACKER,), N_("Packing")),
    ScreenRoute("/pack/dock", DockScreen, (Role.PACKER,), N_("Dock")),
    ScreenRoute("/pack/singles", SinglesBench, (Role.PACKER,), N_("Singles packing")),
    ScreenRoute("/sort", PutWall, (Role.PACKER, Role.PICKER), N_("Put wall")),
    ScreenRoute("/returns", ReturnsDesk, (Role.RETURNS_CLERK,), N_("Returns desk")),
    # stock work, for everyone on the floor
    ScreenRoute("/stock", StockHub, FLOOR, N_("Stock"),
                (Place(Menu.BOARD, 10, I.MOVE_TO_INBOX, N_("Stock work")),)),
    ScreenRoute("/stock/receive", Receive, FLOOR, N_("Receiving"),
                (Place(Menu.STOCK, 1, I.LOCAL_SHIPPING, N_("Receive from a seller")),)),
    ScreenRoute("/stock/putaway", PutAway, FLOOR, N_("Put-away"),
                (Place(Menu.STOCK, 2, I.MOVE_TO_INBOX, N_("Put away")),)),
    ScreenRoute("/stock/put-back", PutBack, FLOOR, N_("Put-back"),
                (Place(Menu.STOCK, 3, I.UNDO, N_("Put back (cancelled orders)")),)),
    ScreenRoute("/stock/transfer-in", TransferIn, FLOOR, N_("Transfer receiving"),
                (Place(Menu.STOCK, 4, I.SWAP_HORIZ, N_("Receive a transfer")),)),
    ScreenRoute("/stock/count", Count, FLOOR, N_("Cycle count"),
                (Place(Menu.STOCK, 5, I.CHECKLIST, N_("Count a bin")),)),
    # the board: supervisors and admins
    ScreenRoute("/board", LiveBoard, BOARD, N_("Board"),
                (Place(Menu.BOARD, 1, I.DEVICES, N_("Stations")), Place(Menu.ADMIN, 9))),
    ScreenRoute("/board/exceptions", ExceptionsQueue, BOARD, N_("Exceptions"), (Place(Menu.BOARD, 2, I.REPORT),)),
    ScreenRoute("/board/throughput", ThroughputScreen, BOARD, N_("Throughput"),
                (Place(Menu.BOARD, 3, I.BAR_CHART),)),
    ScreenRoute("/board/backlog", BacklogScreen, BOARD, N_("Backlog"), (Place(Menu.BOARD, 4, I.SCHEDULE),)),
    ScreenRoute("/board/returns", ReturnsInProgress, BOARD, N_("Returns in progress"),
                (Place(Menu.BOARD, 5, I.ASSIGNMENT_RETURN, N_("Returns")),)),
    ScreenRoute("/board/wave", ReleaseWave, BOARD, N_("Release wave"), (Place(Menu.BOARD, 6, I.PLAYLIST_ADD),)),
    ScreenRoute("/board/stock", StockScreen, BOARD, N_("Stock on hand"), (Place(Menu.BOARD, 7, I.INVENTORY),)),
    ScreenRoute("/board/network", NetworkStockScreen, BOARD, N_("Network stock"),
                (Place(Menu.BOARD, 8, I.HUB),)),
    ScreenRoute("/board/audit", AuditLog, BOARD, N_("Audit log"), (Place(Menu.BOARD, 9, I.HISTORY),)),
    ScreenRoute("/board/inbound", InboundList, BOARD, N_("Inbound shipments"),
                (Place(Menu.STOCK_SUPERVISE, 1, I.INVENTORY),)),
    ScreenRoute("/board/transfers", Transfers, BOARD, N_("Transfers"), (Place(Menu.STOCK_SUPERVISE, 2, I.ALT_ROUTE),)),
    ScreenRoute("/board/counts", Counts, BOARD, N_("Counts"),
                (Place(Menu.STOCK_SUPERVISE, 3, I.FACT_CHECK, N_("Counts to approve")),)),
    ScreenRoute("/stations", StationSetup, BOARD, N_("Station setup"),
                (Place(Menu.BOARD, 11, I.SETTINGS), Place(Menu.ADMIN, 8))),
    ScreenRoute("/scanner-test", ScannerTest, BOARD, N_("Scanner test"),
                (Place(Menu.BOARD, 13, I.QR_CODE_SCANNER), Place(Menu.ADMIN, 10))),
    # admins
    ScreenRoute("/admin", AdminHome, (Role.ADMIN,), N_("Admin")),
    ScreenRoute("/admin/users", Users, (Role.ADMIN,), N_("Users"),
                (Place(Menu.BOARD, 12, I.PEOPLE), Place(Menu.ADMIN, 6))),
    # setting the site up: admins
    ScreenRoute("/admin/warehouses", Warehouses, (Role.ADMIN,), N_("Warehouses and zones"),
                (Place(Menu.BOARD, 14, I.WAREHOUSE), Place(Menu.ADMIN, 1))),
    ScreenRoute("/admin/bins", Bins, (Role.ADMIN,), N_("Bins"),
                (Place(Menu.BOARD, 15, I.GRID_ON), Place(Menu.ADMIN, 2))),
    ScreenRoute("/admin/cartons", Cartons, (Role.ADMIN,), N_("Carton types"),
                (Place(Menu.BOARD, 16, I.INVENTORY_2), Place(Menu.ADMIN, 3))),
    ScreenRoute("/admin/sellers", Sellers, (Role.ADMIN,), N_("Sellers"),
                (Place(Menu.BOARD, 17, I.STOREFRONT), Place(Menu.ADMIN, 4))),
    ScreenRoute("/admin/products", Products, (Role.ADMIN,), N_("Products"),
                (Place(Menu.BOARD, 18, I.SELL), Place(Menu.ADMIN, 5))),
    ScreenRoute("/admin/peers", Peers, (Role.ADMIN,), N_("Peers"),
                (Place(Menu.BOARD, 19, I.LAN, N_("Peer sites")), Place(Menu.ADMIN, 7))),
)
