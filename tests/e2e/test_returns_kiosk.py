"""The returns desk in Debian's Chromium against the real demo server: a clerk logs in at the kiosk, scans
RMA-100002 (a tea strainer and a honey jar of seller ZIELO), restocks the strainer to a bin by scanning the
bin, sends the damaged jar to quarantine with a photo chosen in the browser's file picker, and closes the
return. Then, read through the services on the server's own SQLite file: both stock moves in the ledger,
the restocked unit picked again by the pick flow, and exactly one outcome waiting in the outbox for the
seller's webhook. (ZIELO-0032's free stock in DE1 is picked to the end here: no other test uses it.)

`python -m tests.e2e.test_returns_kiosk [out_dir]` walks the same way on a fresh server and saves a
screenshot of every kiosk view (assets/screenshots/returns-*.png, shown in docs/returns-ui.md)."""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw
from sqlalchemy import select

from app.bootstrap import build
from app.db.models import WebhookEvent
from app.domain.roles import Actor
from app.services import allocation, auth, board, orders, picking, returns, sellers, waves
from tests.support.browser import VIEWPORT, FloorServer, Station, launch_chromium
from tests.support.factories import order_in

RMA, SELLER = "RMA-100002", "ZIELO"
SKU, GTIN, NAME = "ZIELO-0032", "5907650000327", "Tea Strainer, White"          # back to stock
BAD_SKU, BAD_GTIN, BAD_NAME = "ZIELO-0046", "5907650000464", "Honey Jar, Sand"  # damaged: quarantine
SYSTEM = Actor.system("e2e-returns")
OUT = Path(__file__).resolve().parents[2] / "assets" / "screenshots"
WAIT = 30   # seconds: the suite shares two cores with other browsers; an answer is usually there in < 1 s


def server_floor(server: FloorServer):
    """The server's own database, opened from the test process (the server keeps running)."""
    return build(server.settings(), upgrade=False)


def jpeg() -> bytes:
    """A parcel with a crushed corner, as a kiosk camera would take it (drawn: no photo files in git)."""
    img = Image.new("RGB", (1280, 960), (222, 222, 216))
    draw = ImageDraw.Draw(img)
    draw.polygon([(260, 220), (1020, 200), (1060, 760), (300, 800)], fill=(176, 128, 78), outline=(90, 60, 30))
    draw.polygon([(860, 200), (1020, 200), (1040, 420), (930, 330)], fill=(120, 82, 46))   # the crushed corner
    draw.line([(930, 330), (700, 520), (760, 640)], fill=(60, 40, 20), width=9)            # the tear
    draw.rectangle([(380, 420), (620, 560)], fill=(245, 245, 240), outline=(40, 40, 40), width=3)   # its label
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def type_text(s: Station, label: str, text: str) -> None:
    """Tap a text field, wait until Flutter has attached its text input to it, then type. The semantics
    element takes the DOM focus at once; Flutter attaches a moment later (seconds on a busy machine) and
    marks the element with the field's input configuration (autocorrect="on"). Keys typed before that reach
    the page's scan listener and never the field."""
    field = s.page.locator("flt-semantics-host").get_by_label(label)
    field.click()
    s.page.wait_for_function("e => e === document.activeElement && e.getAttribute('autocorrect') === 'on'",
                             arg=field.element_handle(), timeout=15_000)
    s.page.keyboard.type(text, delay=20)
    s.page.wait_for_function("([e, t]) => e.value === t", arg=[field.element_handle(), text], timeout=5000)


def walk(s: Station, floor, shots: Path | None = None) -> dict:
    """The clerk's whole return at the kiosk; screenshots of each view when `shots` is a folder."""
    def shot(name: str) -> None:
        if shots is not None:
            s.screenshot(shots / f"returns-{name}.png")

    for _attempt in range(3):                                 # the returns clerk; patient on a busy machine
        s.scan("BADGE-1003")
        try:
            s.wait_button("OK", timeout=20)
            break
        except Exception:   # playwright's TimeoutError: scan the badge again, as a person would
            continue
    s.enter_pin("3333")
    s.wait_path("/returns", timeout=60)
    s.wait_text("Scan the parcel", exact=True, timeout=WAIT)
    shot("scan")
    s.scan(RMA)
    s.wait_text(NAME, exact=True, timeout=WAIT)
    s.wait_text(BAD_NAME, exact=True, timeout=WAIT)
    s.wait_text("Buyer's reason: Changed my mind", timeout=WAIT)
    shot("contents")

    s.scan(GTIN)                                              # unit 1: sellable, back to stock
    s.wait_text(f"{SKU} received: grade it.", timeout=WAIT)
    s.tap("A: new, sellable")
    s.tap("As described")
    shot("grade")
    s.tap("Save")
    s.wait_text("Graded A: new, sellable. The seller's rules say: Back to stock.", timeout=WAIT)
    shot("decide")
    s.tap("Confirm: Back to stock")
    s.wait_text("Back to stock: open the restock label, then scan the bin.", timeout=WAIT)
    unit = returns.get(floor.uow(), SYSTEM, RMA).units[0]
    s.wait_text(unit.suggested_bin, exact=True, timeout=WAIT)
    shot("put-away")
    s.tap("Restock label (PDF)")                             # the restock label, in a viewer inside the page
    viewer = s.page.locator("#floor-document-picture")
    viewer.wait_for(state="attached", timeout=WAIT * 1000)
    label_url = viewer.get_attribute("data-pdf")
    assert len(s.page.context.pages) == 1
    s.scan(f"LOC-{unit.suggested_bin}")                       # closes it and reaches Floor (its Enter does not
    viewer.wait_for(state="detached", timeout=WAIT * 1000)     # press the label button again)
    s.wait_text(f"Put away in {unit.suggested_bin}: pickable now.", timeout=WAIT)

    s.scan(BAD_GTIN)                                          # unit 2: damaged, to quarantine with a photo
    s.wait_text(f"{BAD_SKU} received: grade it.", timeout=WAIT)
    s.tap("Back to the parcel")                               # it waits in the list until it is done
    s.wait_text("Still to do: 1", exact=True, timeout=WAIT)
    shot("pending")
    s.tap(f"Grade it: {BAD_NAME} · {BAD_SKU}")
    s.tap("D: damaged")
    s.tap("Damaged in transit")
    type_text(s, "Notes", "corner crushed, seal broken")
    with s.page.expect_file_chooser() as chooser:
        s.tap("Add photo")
    chooser.value.set_files(files=[{"name": "damage.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    s.wait_text("Photo saved (1 on this unit).", timeout=2 * WAIT)
    s.wait_text("Photos: 1", exact=True, timeout=WAIT)
    s.page.wait_for_timeout(500)                              # the photo's tile painted
    shot("photo")
    s.tap("Save")
    s.wait_text("Graded D: damaged. The seller's rules say: Quarantine.", timeout=WAIT)
    s.tap("Liquidate")                                        # looked at, then back to the seller's rule
    s.wait_text("Say why you decide otherwise than the seller's rules.", timeout=WAIT)
    shot("override")
    s.tap("Quarantine ★")
    s.tap("Confirm: Quarantine")
    s.wait_text("Quarantine: moved to DE1-QUAR.", timeout=WAIT)
    shot("done")
    return {"bin": unit.suggested_bin, "label_url": label_url}


def close_and_show_the_outcome(s: Station, shots: Path | None = None) -> None:
    s.tap("Close return")
    s.wait_text(f"{RMA} closed. The refund trigger goes to the seller.", timeout=WAIT)
    s.wait_text("Received 2 of 2 · missing 0 · other items 0", timeout=WAIT)
    if shots is not None:
        s.screenshot(shots / "returns-outcome.png")


def put_webhook(server: FloorServer, url: str) -> None:
    request = urllib.request.Request(f"{server.url}/api/v1/webhook", method="PUT",
                                     data=json.dumps({"url": url}).encode(),
                                     headers={"Authorization": f"Bearer demo-{SELLER.lower()}-token",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert reply.status == 200
        assert json.loads(reply.read())["url"] == url


def pick_every_free_unit(floor, ref: str) -> tuple[int, picking.TaskView]:
    """An order for every free ACME-0002 unit in DE1's pick bins, released alone, picked by a new picker."""
    free = sum(r.quantity - r.allocated for r in board.on_hand(floor.uow(), SYSTEM, seller=SELLER, sku=SKU)
               if r.kind == "pick" and r.location.startswith("DE1-"))
    data = replace(order_in(ref, [(SKU, free)], warehouse="DE1"),   # due before any demo order: picked first
                   ship_by=datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5))
    order = orders.accept_order(floor.uow(), SYSTEM, data, seller=SELLER)
    assert allocation.allocate(floor.uow(), SYSTEM, order.id).status == "allocated"
    wave = waves.release(floor.uow(), SYSTEM, "DE1", cutoff=datetime.now(UTC) + timedelta(minutes=20),
                         max_orders=1, orders_per_task=1)
    assert wave.orders == 1, wave.message
    user = auth.add_user(floor.uow(), SYSTEM, floor.login_policy, "1950", "Return Checker", "picker", "5050")
    picker = Actor.user(user.id, user.name, "picker", None)
    view = picking.claim_next(floor.uow(), picker)
    assert [slot.order_ref for slot in view.slots] == [ref]
    for n in range(500):
        step = view.step
        if step.kind == "done":
            break
        code = {"scan_tote": "TOTE-E2E-RET", "scan_bin": f"LOC-{step.bin}"}.get(step.kind, GTIN)
        view = picking.scan(floor.uow(), picker, view.task_id, code, quantity=step.remaining or 1,
                            key=f"e2e-ret:{n}").view
    return free, view


def on_hand(floor, sku: str) -> dict[str, int]:
    """Units of the seller's SKU by location (lots added up)."""
    where: dict[str, int] = {}
    for row in board.on_hand(floor.uow(), SYSTEM, seller=SELLER, sku=sku):
        where[row.location] = where.get(row.location, 0) + row.quantity
    return where


def moves_of(floor, sku: str) -> list[tuple]:
    rows = [r for r in reversed(board.history(floor.uow(), SYSTEM, SELLER, sku)) if r.note == RMA]
    return [(r.reason, r.from_location, r.to_location, r.quantity) for r in rows]


def test_a_clerk_restocks_one_unit_quarantines_one_with_a_photo_and_closes(open_station, floor_server):
    floor = server_floor(floor_server)
    try:
        before, bad_before = on_hand(floor, SKU), on_hand(floor, BAD_SKU)
        put_webhook(floor_server, "https://shop.invalid/floor-events")   # the seller's system listens
        s = open_station("/login", kind="kiosk")
        done = walk(s, floor)
        close_and_show_the_outcome(s)

        assert done["label_url"].startswith(f"{floor_server.url}/print/") and done["label_url"].endswith(".pdf")
        with urllib.request.urlopen(done["label_url"], timeout=10) as reply:
            assert reply.read(5) == b"%PDF-"
        closed = returns.get(floor.uow(), SYSTEM, RMA)
        assert closed.status == "closed"
        assert [(u.grade, u.disposition, u.location, u.photos) for u in closed.units] == [
            ("A", "restock", done["bin"], 0), ("D", "quarantine", "DE1-QUAR", 1)]
        assert closed.units[1].notes == "corner crushed, seal broken"   # typed in the browser's field
        photos = list((floor_server.log_path.parent / "photos").iterdir())
        assert any(p.suffix == ".jpg" and len(p.stem) == 32 for p in photos)   # a name the server made

        assert moves_of(floor, SKU) == [("return_in", "", "DE1-RET", 1),
                                        ("return_restock", "DE1-RET", done["bin"], 1)]
        assert moves_of(floor, BAD_SKU) == [("return_in", "", "DE1-RET", 1),
                                            ("return_quarantine", "DE1-RET", "DE1-QUAR", 1)]
        after, bad_after = on_hand(floor, SKU), on_hand(floor, BAD_SKU)
        assert after[done["bin"]] == before.get(done["bin"], 0) + 1 and "DE1-RET" not in after
        assert bad_after["DE1-QUAR"] == bad_before.get("DE1-QUAR", 0) + 1 and "DE1-RET" not in bad_after

        # the outcome waits in the outbox for the seller's system, once (delivery itself: test_webhooks.py)
        with floor.reader() as uow:
            events = uow.session.execute(select(WebhookEvent).where(WebhookEvent.kind == "return.closed",
                                                                    WebhookEvent.event_id == f"{RMA}:closed")).all()
            assert len(events) == 1
            sent = events[0][0].payload
        assert sent["rma"] == RMA and sent["refund"] == {"units": 2}
        assert {(l["sku"], json.dumps(l["grades"]), json.dumps(l["dispositions"])) for l in sent["lines"]} == {
            (SKU, '{"A": 1}', '{"restock": 1}'), (BAD_SKU, '{"D": 1}', '{"quarantine": 1}')}

        free, picked = pick_every_free_unit(floor, f"E2E-RET-{int(time.time())}")
        assert picked.step.kind == "done" and picked.units_picked == free   # the returned unit among them
    finally:
        sellers.configure_webhook(floor.uow(), SYSTEM, SELLER, None)
        floor.close()


def main(out: Path = OUT) -> None:
    """Screenshots of every returns-desk view in the real browser, on a fresh demo server."""
    server = FloorServer.start(Path(tempfile.mkdtemp(prefix="floor-returns-shots-")))
    from playwright.sync_api import sync_playwright
    try:
        floor = server_floor(server)
        with sync_playwright() as p:
            browser = launch_chromium(p)
            s = Station(browser.new_context(viewport=VIEWPORT).new_page(), server.url).open(kind="kiosk")
            walk(s, floor, out)
            close_and_show_the_outcome(s, out)
            s.scan(f"ORD-{returns.get(floor.uow(), SYSTEM, RMA).order_ref}")   # its return is closed now
            s.wait_text("Receive as unexpected return")
            s.screenshot(out / "returns-unexpected.png")
            browser.close()
        floor.close()
    finally:
        server.stop()
    for path in sorted(out.glob("returns-*.png")):
        print(path, path.stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
