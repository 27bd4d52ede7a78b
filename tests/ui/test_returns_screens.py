"""The returns desk in-process (a real Flet session, no browser): find a parcel, receive, grade, decide,
put away, close; wrong items, overrides, refusals and the unexpected return, as the clerk sees them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.engine import make_url

from app.bootstrap import build
from app.config import Settings
from app.services import printjobs, returns, stations
from tests.support.factories import SYSTEM, build_site
from tests.support.flet_harness import log_in, message, scan
from tests.support.flows import gtin_of, pack_and_ship, pick_all, release
from tests.support.postgres import copy_database, drop_databases
from tests.ui.conftest import make_floor

ERROR_TONE, OK_TONE = "sounds/error.wav", "sounds/ok.wav"


class ShippedSites:
    """Once per module and database: W1/W2, sellers S1/S2, order R-1 (2 x S1-P1, 1 x S1-P2) shipped from W1.
    Each test gets its own copy: the data folder copied, and on PostgreSQL a database made from this one."""

    def __init__(self, request, tmp_path_factory) -> None:
        self.request, self.tmp = request, tmp_path_factory
        self.made: dict[str, tuple[Path, str, dict]] = {}   # backend -> (data folder, database url, info)
        self.dropped: list[str] = []                        # PostgreSQL databases made here, dropped after

    def get(self, backend: str) -> tuple[Path, str, dict]:
        if backend not in self.made:
            data, url = self.tmp.mktemp(f"returns-template-{backend}"), ""
            if backend == "postgresql":
                url = self._pg_copy(self.request.getfixturevalue("pg_template"))
            floor = make_floor(data, database_url=url)
            site = build_site(floor)
            site.receive("S1", "S1-P1", "W1-A-3", 5)
            site.receive("S1", "S1-P2", "W1-A-1", 5)
            order = site.order("S1", "R-1", [("S1-P1", 2), ("S1-P2", 1)])
            release(site)
            pick_all(site, totes=("TOTE-R1",))
            shipped = pack_and_ship(site, "TOTE-R1")
            gtins = {sku: gtin_of(site, sku) for sku in ("S1-P1", "S1-P2", "S1-P3", "S2-P1")}
            floor.close()
            self.made[backend] = (data, url, {"order_id": order.id, "tracking": shipped.tracking_number,
                                              "sscc": shipped.sscc, "gtin": gtins})
        return self.made[backend]

    def _pg_copy(self, template: str) -> str:
        name, url = copy_database(self.request.getfixturevalue("pg_admin_url"), template, "ret")
        self.dropped.append(name)
        return url

    def copy(self, backend: str, into: Path) -> tuple[Path, str]:
        source, url, _info = self.get(backend)
        shutil.copytree(source, into)
        return into, (self._pg_copy(make_url(url).database) if url else "")

    def cleanup(self) -> None:
        if self.dropped:
            drop_databases(self.request.getfixturevalue("pg_admin_url"), list(reversed(self.dropped)))
            self.dropped.clear()


@pytest.fixture(scope="module")
def shipped_sites(request, tmp_path_factory):
    sites = ShippedSites(request, tmp_path_factory)
    yield sites
    sites.cleanup()


@pytest.fixture
def ui_floor(tmp_path, shipped_sites, backend):
    """A copy of the shipped site for this test, on this test's database (replaces tests/ui/conftest's)."""
    data, url = shipped_sites.copy(backend, tmp_path / "data")
    floor = build(Settings(data_dir=data, database_url=url, pin_hash_time_cost=1, pin_hash_memory_kib=8192))
    yield floor
    floor.close()


@pytest.fixture
def info(shipped_sites, backend) -> dict:
    return shipped_sites.get(backend)[2]


@pytest.fixture
def authorise(ui_floor, info):
    def make(lines=(("S1-P1", 2),), reason="does not fit") -> returns.RmaView:
        return returns.authorise(ui_floor.uow(), SYSTEM, info["order_id"],
                                 [returns.LineRequest(s, q, "too small") for s, q in lines], reason)
    return make


@pytest.fixture
def desk(open_station):
    h = open_station()
    log_in(h, "1003", "3333", home="/returns")
    h.wait_for(lambda: message(h).startswith("Scan the return label"))
    return h


def rma_of(h, ui_floor, number: str) -> returns.RmaView:
    return returns.get(ui_floor.uow(), SYSTEM, number)


def photo(fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 40, 40)).save(out, fmt)
    return out.getvalue()


def pick_photo(h, data: bytes, name: str = "unit.jpg") -> None:
    """What the browser sends after the file dialog (FilePicker 'result', bytes because with_data=True)."""
    h.click("returns.photo")
    picker = h.page.data.screen.photos.picker
    h.event(picker, "result", {"files": [{"id": 0, "name": name, "size": len(data), "bytes": data}]})


def type_into(h, key: str, text: str) -> None:
    """Tap the field (focus first, as a browser does), type, leave it."""
    field = h.find(key)
    h.event(field, "focus")
    h.session.apply_patch(field._i, {"value": text})
    h.event(field, "blur")


def heard(h, tone: str) -> None:
    """The last tone played is `tone` (tones play beside the handler, a moment after the message)."""
    h.wait_for(lambda: h.played[-1:] == [tone], what=f"the tone {tone}")


def wait_message(h, text: str) -> None:
    """The strip says `text`, and every change of the screen reached the browser (no update forgotten)."""
    h.wait_for(lambda: message(h) == text, what=f"the message {text!r}")
    h.wait_for(lambda: not h.unsent(), what=f"every change sent after {text!r}: {h.unsent()}")


# ---- finding the parcel -------------------------------------------------------------------------------
def test_the_return_label_shows_what_should_be_inside_and_the_buyers_reason(desk, authorise):
    rma = authorise(reason="Arrived damaged")
    scan(desk, rma.number)
    wait_message(desk, f"Return {rma.number}: check what is inside.")
    assert desk.text_of("returns.rma.number") == rma.number
    assert desk.text_of("returns.rma.reason") == "Buyer's reason: Arrived damaged"
    assert desk.text_of("returns.line.S1-P1") == "0 / 2"
    assert "Product 1 of S1" in desk.texts() and "Line reason: too small" in desk.texts()
    heard(desk, OK_TONE)


@pytest.mark.parametrize("code", ["tracking", "sscc"])
def test_the_original_packages_tracking_number_or_sscc_finds_the_return(desk, authorise, info, code):
    rma = authorise()
    scan(desk, info[code])
    wait_message(desk, f"Return {rma.number}: check what is inside.")
    assert desk.text_of("returns.rma.number") == rma.number


@pytest.mark.parametrize("code, said", [
    ("XQ-NOT-A-CODE", "Not a return label, RMA or package we know."),
    ("RMA-999999", "No return RMA-999999. Check the label, or receive it against its order."),
    ("4012345678902", "GTIN 4012345678902 is misread or wrong: its check digit should be 1."),
])
def test_an_unknown_code_says_so_in_red(desk, code, said):
    scan(desk, code)
    h = desk
    h.wait_for(lambda: message(h) != "Scan the return label, the RMA number, or the parcel's tracking number.")
    assert message(h) == said
    heard(h, ERROR_TONE)
    assert h.has("returns.prompt")


def test_a_return_for_another_warehouse_says_where_it_goes(desk, authorise, ui_floor):
    rma = authorise()
    station = desk.page.data.station.info.id
    stations.configure(ui_floor.uow(), SYSTEM, station, warehouse="W2")
    scan(desk, rma.number)
    wait_message(desk, f"{rma.number} goes to warehouse W1, not this one. Set the parcel aside for transfer.")
    assert desk.has("returns.prompt") and not desk.has("returns.rma.number")


# ---- unit by unit -------------------------------------------------------------------------------------
def test_receive_grade_decide_put_away_quarantine_with_photo_and_close(desk, authorise, info, ui_floor):
    h, rma = desk, authorise()
    scan(h, rma.number)
    wait_message(h, f"Return {rma.number}: check what is inside.")
    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "S1-P1 received: grade it.")
    heard(h, OK_TONE)
    h.click("returns.grade.A")
    h.click("returns.reason.as_described")
    type_into(h, "returns.notes", "sealed, like new")
    h.click("returns.save")
    wait_message(h, "Graded A: new, sellable. The seller's rules say: Back to stock.")
    assert h.text_of("returns.proposal") == "Back to stock"
    h.click("returns.confirm")
    wait_message(h, "Back to stock: open the restock label, then scan the bin.")
    assert h.text_of("returns.bin") == "W1-A-3"
    good = rma_of(h, ui_floor, rma.number).units[0]
    label = printjobs.jobs_for(ui_floor.uow(), "return_unit", good.id)[-1]
    assert label.document == "restock_label" and h.find("returns.label").action.url == f"/print/{label.public_id}.pdf"
    scan(h, "LOC-W1-A-3")
    wait_message(h, "Put away in W1-A-3: pickable now.")
    assert h.text_of("returns.pending.count") == "Still to do: 0"

    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "S1-P1 received: grade it.")
    h.click("returns.grade.D")
    h.click("returns.reason.damaged_in_transit")
    pick_photo(h, photo())
    wait_message(h, "Photo saved (1 on this unit).")
    assert h.text_of("returns.photos") == "Photos: 1"
    h.wait_for(lambda: h.has("returns.photo.1"), what="the photo on the screen")
    shown = h.find("returns.photo.1")
    with Image.open(io.BytesIO(shown.src)) as img:   # the photo itself, made small, not a placeholder
        assert img.size == (320, 240) and img.getpixel((160, 120))[0] > 150
    h.click("returns.save")
    wait_message(h, "Graded D: damaged. The seller's rules say: Quarantine.")
    h.wait_for(lambda: h.has("returns.photo.1"), what="the photo beside the decision")
    h.click("returns.confirm")
    wait_message(h, "Quarantine: moved to W1-QUAR.")
    h.click("returns.close")
    wait_message(h, f"{rma.number} closed. The refund trigger goes to the seller.")
    assert h.text_of("returns.outcome.totals") == "Received 2 of 2 · missing 0 · other items 0"
    assert h.text_of("returns.outcome.S1-P1.grades") == "Grades: A: new, sellable: 1 · D: damaged: 1"
    assert h.text_of("returns.outcome.S1-P1.decisions") == "Decisions: Back to stock: 1 · Quarantine: 1"
    closed = rma_of(h, ui_floor, rma.number)
    assert closed.status == "closed"
    assert [(u.grade, u.disposition, u.location, u.photos, u.notes) for u in closed.units] == [
        ("A", "restock", "W1-A-3", 0, "sealed, like new"), ("D", "quarantine", "W1-QUAR", 1, "")]
    assert not h.unsent() and not h.session_errors()


def test_a_unit_not_on_the_return_is_a_wrong_item_and_an_over_return_needs_the_extra_button(desk, authorise, info,
                                                                                             ui_floor):
    h, rma = desk, authorise((("S1-P1", 1),))
    scan(h, rma.number)
    wait_message(h, f"Return {rma.number}: check what is inside.")
    scan(h, info["gtin"]["S1-P3"])
    wait_message(h, "Not on this return: recorded as a wrong item.")
    heard(h, ERROR_TONE)
    assert "Not on this return: recorded as Wrong item." in h.texts()
    h.click("returns.back")
    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "S1-P1 received: grade it.")
    h.click("returns.back")
    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "All 1 authorised units of S1-P1 are received. If another one is in the parcel, "
                    "record it as an extra item.")
    h.click("returns.extra")
    wait_message(h, "Scan the extra item: it is recorded as a wrong item.")
    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "Not on this return: recorded as a wrong item.")
    assert [u.grade for u in rma_of(h, ui_floor, rma.number).units] == ["wrong_item", "", "wrong_item"]


def test_overriding_the_sellers_rule_needs_a_reason_which_is_kept(desk, authorise, info, ui_floor):
    h, rma = desk, authorise((("S1-P1", 1),))
    scan(h, rma.number)
    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "S1-P1 received: grade it.")
    h.click("returns.grade.A")
    h.click("returns.reason.as_described")
    h.click("returns.save")
    wait_message(h, "Graded A: new, sellable. The seller's rules say: Back to stock.")
    h.click("returns.disposition.liquidate")
    assert h.find("returns.confirm").content.value == "Confirm: Liquidate" and h.has("returns.override_reason")
    h.click("returns.confirm")
    wait_message(h, "The seller's rules say Back to stock; say why you decide otherwise.")
    heard(h, ERROR_TONE)
    type_into(h, "returns.override_reason", "seasonal item, seller asked")
    h.click("returns.confirm")
    wait_message(h, "Liquidate: moved to W1-LIQ.")
    unit = rma_of(h, ui_floor, rma.number).units[0]
    assert (unit.disposition, unit.override_reason) == ("liquidate", "seasonal item, seller asked")


def test_closing_with_a_unit_still_pending_is_refused_and_the_unit_is_listed(desk, authorise, info):
    h, rma = desk, authorise((("S1-P1", 1),))
    scan(h, rma.number)
    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "S1-P1 received: grade it.")
    h.click("returns.back")
    assert h.text_of("returns.pending.count") == "Still to do: 1"
    h.click("returns.close")
    wait_message(h, "1 unit(s) still need a grade, a decision or a put-away scan.")
    assert h.has("returns.rma.number") and not h.has("returns.outcome.title")


def test_a_parcel_without_rma_is_received_as_an_unexpected_return(desk, info, ui_floor):
    h = desk
    scan(h, info["tracking"])
    wait_message(h, "Order R-1 has no open return. Receive it as an unexpected return?")
    assert h.text_of("returns.unexpected.order") == "Order R-1 has no open return."
    h.click("returns.unexpected")
    h.wait_for(lambda: h.has("returns.rma.unexpected"))
    number = h.text_of("returns.rma.number")
    wait_message(h, f"{number} opened for order R-1: flagged as an unexpected return. Scan the first item.")
    view = rma_of(h, ui_floor, number)
    assert view.unexpected and [l.sku for l in view.lines] == ["S1-P1", "S1-P2"]
    scan(h, info["gtin"]["S1-P2"])
    wait_message(h, "S1-P2 received: grade it.")


def test_a_missing_unit_is_marked_and_counted(desk, authorise):
    h, rma = desk, authorise()
    scan(h, rma.number)
    wait_message(h, f"Return {rma.number}: check what is inside.")
    h.click("returns.missing.S1-P1")
    wait_message(h, "S1-P1: one unit recorded as missing.")
    assert h.text_of("returns.line.S1-P1") == "0 / 2"
    assert h.text_of("returns.line.S1-P1.missing") == "Missing: 1"


def test_a_file_that_is_not_a_photo_is_refused_with_the_services_message(desk, authorise, info, ui_floor):
    h, rma = desk, authorise((("S1-P1", 1),))
    scan(h, rma.number)
    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "S1-P1 received: grade it.")
    pick_photo(h, b"%PDF-1.7 not an image", name="invoice.pdf")
    wait_message(h, "That file is not a photo (JPEG, PNG or WebP).")
    assert h.text_of("returns.photos") == "Photos: 0"
    assert ui_floor.settings.photos_dir.exists() is False or not list(ui_floor.settings.photos_dir.iterdir())


def test_keys_typed_into_the_notes_never_reach_the_scanner(desk, authorise, info):
    h, rma = desk, authorise((("S1-P1", 1),))
    scan(h, rma.number)
    scan(h, info["gtin"]["S1-P1"])
    wait_message(h, "S1-P1 received: grade it.")
    notes = h.find("returns.notes")
    h.event(notes, "focus")
    h.type("RMA-100001")          # keys while the notes field has focus, Enter included
    h.event(notes, "blur")
    assert h.has("returns.notes") and message(h) == "S1-P1 received: grade it."


def test_units_not_yet_in_their_final_place_show_on_the_supervisors_returns_board(open_station, authorise,
                                                                                   info, ui_floor):
    from app.services import return_units

    rma = authorise(lines=(("S1-P1", 2),))
    first = return_units.receive(ui_floor.uow(), SYSTEM, rma.id, info["gtin"]["S1-P1"]).unit
    second = return_units.receive(ui_floor.uow(), SYSTEM, rma.id, info["gtin"]["S1-P1"]).unit
    return_units.grade(ui_floor.uow(), SYSTEM, second.id, "D", "damaged_in_transit")
    h = open_station("/login?station=desktop")
    log_in(h, "1004", "4444", home="/board")
    h.click("home.action.board/returns")
    h.wait_for(lambda: h.path == "/board/returns")
    h.wait_for(lambda: h.text_of("returns_board.total") == "2 units")
    assert h.text_of(f"returns_board.table.{first.id}.0") == rma.number
    assert h.text_of(f"returns_board.table.{first.id}.2") == "received, not graded"
    assert h.text_of(f"returns_board.table.{second.id}.2") == "graded, not decided"
    assert h.text_of(f"returns_board.table.{second.id}.3") == "D: damaged"
