"""Admin screens in-process: users (add, reset PIN, switch off and on, change role) and station setup
(rename, default printer, warehouse), each through its service; who may open them, and who the
services refuse."""

from __future__ import annotations

import pytest

from app.domain.errors import BadgeLocked, PermissionDenied
from app.services import auth, board, demo, stations
from tests.support.factories import SYSTEM, build_site
from tests.support.flet_harness import FletHarness, log_in, message
from tests.ui.test_board_screens import fill


def admin(open_station, path: str) -> FletHarness:
    h = open_station("/login?station=desktop")
    log_in(h, "1005", "9999", home="/admin")
    h.click(f"home.action.{path.strip('/')}")
    h.wait_for(lambda: h.page.data.path == path)
    h.wait_for(lambda: h.page.data.screen.refreshed_at is not None, what="the first refresh")
    return h


def test_an_admin_adds_a_user_who_can_then_log_in(open_station, ui_floor):
    h = admin(open_station, "/admin/users")
    h.type("BADGE-2042")                       # a scanned badge fills the field
    h.wait_for(lambda: h.find("users.badge").value == "2042")
    fill(h, "users.name", "Mei Chen")
    fill(h, "users.pin", "5678")
    h.click("users.role.packer")
    h.click("users.add")
    h.wait_for(lambda: message(h) == "Mei Chen added with badge 2042.")
    assert h.text_of("users.table.2042.2") == "Packer" and h.text_of("users.table.2042.3") == "active"
    assert h.find("users.pin").value == ""     # a PIN is not left on screen
    who = auth.login(ui_floor.uow(), ui_floor.login_policy, "2042", "5678")
    assert (who.name, who.role, who.home) == ("Mei Chen", "packer", "/pack")
    fill(h, "users.pin", "5678")
    h.click("users.add")                       # the same badge twice: the service says why
    h.wait_for(lambda: message(h) == "Badge 2042 is already in use.")


def test_reset_pin_switch_off_and_on_and_change_role(open_station, ui_floor):
    h = admin(open_station, "/admin/users")
    fill(h, "users.badge", "1006")
    fill(h, "users.pin", "2468")
    h.click("users.reset_pin")
    h.wait_for(lambda: message(h) == "New PIN set for badge 1006.")
    assert auth.login(ui_floor.uow(), ui_floor.login_policy, "1006", "2468").name == "Tomáš Dvořák"
    h.click("users.lock")
    h.wait_for(lambda: h.text_of("users.table.1006.3") == "switched off")
    with pytest.raises(BadgeLocked):
        auth.login(ui_floor.uow(), ui_floor.login_policy, "1006", "2468")
    h.click("users.unlock")
    h.wait_for(lambda: h.text_of("users.table.1006.3") == "active")
    h.click("users.role.supervisor")
    h.click("users.change_role")
    h.wait_for(lambda: message(h) == "Badge 1006 is now supervisor.")
    assert auth.login(ui_floor.uow(), ui_floor.login_policy, "1006", "2468").home == "/board"
    fill(h, "users.badge", "")
    h.click("users.lock")
    h.wait_for(lambda: message(h) == "Type or scan the badge first.")


def test_the_users_screen_lists_everyone_and_a_row_fills_the_form(open_station, ui_floor):
    h = admin(open_station, "/admin/users")
    listed = [r.key for r in h.page.data.screen.table.rows]
    assert listed == sorted(u[0] for u in demo.USERS)          # every badge, in order
    assert h.text_of("users.table.1004.2") == "Supervisor"
    h.click("users.choose.1006")
    h.wait_for(lambda: h.find("users.badge").value == "1006")
    assert h.find("users.name").value == "Tomáš Dvořák"
    h.click("users.lock")
    h.wait_for(lambda: h.text_of("users.table.1006.3") == "switched off")
    with pytest.raises(PermissionDenied):                       # the list itself is for admins only
        auth.users(ui_floor.uow(), auth.login(ui_floor.uow(), ui_floor.login_policy, "1004", "4444").actor())


def test_station_setup_renames_and_sets_printer_and_warehouse(open_station, ui_floor):
    build_site(ui_floor, users=False)
    h = admin(open_station, "/stations")
    [row] = board.stations(ui_floor.uow(), SYSTEM)[0]
    h.wait_for(lambda: h.has(f"stations.{row.id}.edit"))
    h.click(f"stations.{row.id}.edit")
    fill(h, "stations.name", "Pack bench 3")
    h.click("stations.warehouse.W2")
    h.click("stations.save")
    h.wait_for(lambda: message(h) == "Pack bench 3 saved.")
    h.wait_for(lambda: h.text_of(f"stations.table.{row.id}.0") == "Pack bench 3")
    assert h.text_of("header.detail").startswith("Admin")
    actions = [a.action for a in board.audit_log(ui_floor.uow(), SYSTEM, person="1005")][:2]
    assert actions == ["station.configured", "station.renamed"]
    assert h.text_of("stations.warehouse_note").startswith("Warehouse (now: W2)")
    h.click("stations.save")
    h.wait_for(lambda: message(h) == "Nothing changed.")
    h.click("stations.printer.none")           # back to the default printer: a real choice, saved
    h.click("stations.save")
    h.wait_for(lambda: message(h) == "Pack bench 3 saved.")
    fill(h, "stations.scale", "scale on bench 3")   # not an address: the service says how to write one
    h.click("stations.save")
    h.wait_for(lambda: message(h).startswith("scale on bench 3 is not a scale address: write host:port"))
    fill(h, "stations.scale", "10.0.4.21:4001")
    h.click("stations.save")
    h.wait_for(lambda: board.stations(ui_floor.uow(), SYSTEM)[0][0].scale == "10.0.4.21:4001")
    h.click("stations.kind.desktop")           # the kind that decides idle log-out is set here, not by the URL
    h.click("stations.save")
    h.wait_for(lambda: board.stations(ui_floor.uow(), SYSTEM)[0][0].kind == "desktop")


def test_a_supervisor_sets_up_stations_but_cannot_open_users(open_station, ui_floor):
    h = open_station("/login?station=desktop")
    log_in(h, "1004", "4444", home="/board")
    assert not h.has("home.action.admin/users")              # not offered
    h.wait_for(lambda: h.routes_pushed)
    h.settle(0.1)
    h.event(h.page, "route_change", {"route": "/admin/users"})   # nor reachable by typing it
    h.wait_for(lambda: message(h) == "Users is not for a supervisor. This is your screen.")
    assert h.path == "/board"
    h.click("home.action.stations")
    h.wait_for(lambda: h.page.data.path == "/stations")


def test_the_services_refuse_user_changes_from_a_supervisor_and_station_changes_from_a_picker(ui_floor):
    supervisor = auth.login(ui_floor.uow(), ui_floor.login_policy, "1004", "4444").actor()
    picker = auth.login(ui_floor.uow(), ui_floor.login_policy, "1001", "1111").actor()
    policy = ui_floor.login_policy
    for call in (lambda: auth.add_user(ui_floor.uow(), supervisor, policy, "3001", "X", "picker", "1234"),
                 lambda: auth.reset_pin(ui_floor.uow(), supervisor, policy, "1001", "1234"),
                 lambda: auth.lock_user(ui_floor.uow(), supervisor, "1001"),
                 lambda: auth.change_role(ui_floor.uow(), supervisor, "1001", "admin"),
                 lambda: stations.rename(ui_floor.uow(), picker, 1, "Mine"),
                 lambda: stations.configure(ui_floor.uow(), picker, 1, warehouse="W1")):
        with pytest.raises(PermissionDenied):
            call()


def test_an_admin_sets_a_persons_language_on_the_users_screen(open_station, ui_floor):
    h = admin(open_station, "/admin/users")
    assert h.text_of("users.table.1001.4") == "English"
    h.click("users.choose.1001")
    h.wait_for(lambda: h.find("users.badge").value == "1001")
    h.click("users.language.es")
    h.click("users.change_language")
    h.wait_for(lambda: message(h) == "Badge 1001 now speaks Español (from the next login).")
    h.wait_for(lambda: h.text_of("users.table.1001.4") == "Español")
    assert auth.login(ui_floor.uow(), ui_floor.login_policy, "1001", "1111").language == "es"
