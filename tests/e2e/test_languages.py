"""Every person in their own language, in Debian's Chromium against the real server: two stations side by
side speak different languages (the login screen's switch sets a station's); a Spanish-speaking picker and
an English-speaking packer each see their own at the same time, whichever station they use; a French
returns clerk; a Chinese supervisor's board. Runs on SQLite and PostgreSQL.

Screenshots of the pick, pack, returns and board screens in Spanish and Chinese (1280x800):
`.venv/bin/python -m tests.e2e.test_languages [out_dir]` (default docs/screenshots)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

from app.bootstrap import build
from app.config import Settings
from app.domain.roles import Actor
from app.services import auth
from tests.support.browser import VIEWPORT, FloorServer, Station

SYSTEM = Actor.system("language test")
DESKTOP = {"width": 1440, "height": 900}
PEOPLE = [("3101", "Lucía Pérez", "picker", "5101", "es"), ("3102", "Chloé Martin", "returns_clerk", "5102", "fr"),
          ("3103", "王芳 Fang Wang", "supervisor", "5103", "zh_Hans"),
          ("3104", "李娜 Na Li", "picker", "5104", "zh_Hans"),
          ("3105", "Marta Ruiz", "packer", "5105", "es"), ("3106", "Diego Torres", "supervisor", "5106", "es"),
          ("3107", "Chen Jie 陈杰", "packer", "5107", "zh_Hans"), ("3108", "Rosa Gil", "returns_clerk", "5108", "es"),
          ("3109", "赵磊 Lei Zhao", "returns_clerk", "5109", "zh_Hans")]


def add_people(server: FloorServer) -> None:
    """People of every language, added through the auth service on the server's own database."""
    floor = build(Settings(data_dir=server.log_path.parent, database_url=server.database_url,
                           pin_hash_time_cost=1, pin_hash_memory_kib=8192), upgrade=False)
    try:
        known = {u.badge for u in auth.users(floor.uow(), SYSTEM)}
        for badge, name, role, pin, language in PEOPLE:
            if badge not in known:
                auth.add_user(floor.uow(), SYSTEM, floor.login_policy, badge, name, role, pin, language=language)
    finally:
        floor.close()


@pytest.fixture
def people(floor_server):
    add_people(floor_server)
    return floor_server


def test_two_stations_side_by_side_each_speak_their_own_and_each_person_their_own(people, open_station):
    spanish, english = open_station("/login"), open_station("/login")
    spanish.wait_text("Scan your badge.")
    spanish.tap("Español")                       # the station's default, from its login screen
    spanish.wait_text("Escanea tu credencial.")
    english.wait_text("Scan your badge.")        # the station beside it is untouched
    assert not english.text("Escanea tu credencial.").count()
    # a Spanish-speaking picker at the English station, an English-speaking packer at the Spanish one
    english.log_in("3101", "5101", home="/pick")
    spanish.log_in("1002", "2222", home="/pack")
    english.wait_text("Hola, Lucía Pérez")
    english.wait_button("Cerrar sesión")
    spanish.wait_text("Hello, Jürgen Müller")
    spanish.wait_button("Log out")
    assert not spanish.text("Cerrar sesión").count() and not english.text("Log out", exact=True).count()
    english.tap("Cerrar sesión")                 # signed out: the station speaks its own again
    english.wait_path("/login")
    english.wait_text("Scan your badge.")
    spanish.tap("Log out")
    spanish.wait_path("/login")
    spanish.wait_text("Escanea tu credencial.")
    spanish.tap("English")
    spanish.wait_text("Scan your badge.")


def test_a_french_returns_clerk_works_the_desk_in_french(people, open_station):
    s = open_station("/login", kind="kiosk")
    s.log_in("3102", "5102", home="/returns")
    s.wait_text("Scannez le colis")
    s.wait_button("Déconnexion")
    s.scan("RMA-999999")                         # a refusal from the service, in French too
    s.wait_text("Aucun retour RMA-999999.")


def test_a_chinese_supervisors_board(people, open_station):
    s = open_station("/login", kind="desktop")
    s.log_in("3103", "5103", home="/board")
    s.wait_text("工作站")
    s.wait_text("所有工作站实时状态")
    s.wait_button("登出")
    s.tap("吞吐量")
    s.wait_path("/board/throughput")
    s.wait_text("今日每小时数据与上周对比")


def tour(out: Path) -> None:
    """Pick, pack, returns and board screens in Spanish and Chinese, into `out`."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_chromium

    server = FloorServer.start(Path(tempfile.mkdtemp(prefix="floor-lang-")))
    try:
        add_people(server)
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for lang, picker, packer, clerk, supervisor in (("es", "3101", "3105", "3108", "3106"),
                                                            ("zh", "3104", "3107", "3109", "3103")):
                pins = {badge: pin for badge, _n, _r, pin, _l in PEOPLE}

                def station(kind: str = "tablet") -> Station:
                    size = DESKTOP if kind == "desktop" else VIEWPORT   # the board is a desktop's, as in README
                    return Station(browser.new_context(viewport=size).new_page(), server.url).open(kind=kind)

                s = station()
                s.tap({"es": "Español", "zh": "简体中文"}[lang])     # the station's own language first
                s.screenshot(out / f"{lang}-login.png")
                s.tap("English")
                s.wait_text("Scan your badge.")
                s.log_in(picker, pins[picker], "/pick")
                s.screenshot(out / f"{lang}-pick-home.png")
                s = station()
                s.log_in(packer, pins[packer], "/pack")
                s.screenshot(out / f"{lang}-pack.png")
                s = station("kiosk")
                s.log_in(clerk, pins[clerk], "/returns")
                s.screenshot(out / f"{lang}-returns.png")
                s = station("desktop")
                s.log_in(supervisor, pins[supervisor], "/board")
                s.screenshot(out / f"{lang}-board.png", settle=2.5)
                s.type_url("/board/backlog")
                s.screenshot(out / f"{lang}-board-backlog.png", settle=2.5)
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    tour(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "screenshots")
