"""karrio's real UPS connector, given the shipment Floor sends for a packed box, builds a UPS request with the
box's weight, carton, addresses and service: checked against a local endpoint that records what UPS would get
(no UPS is reached; karrio's own tests point its connectors at local endpoints the same way)."""

from __future__ import annotations

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from app.db.models import CartonType, Package
from app.services import labels
from app.services.karrio import shipment_body
from tests.support.flows import gtin_of, pick_all, release
from tests.support.karrio import ROOT, VENV, KarrioMissing, version


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.seen.append((self.path, body))
        token = "oauth" in self.path
        answer = json.dumps({"access_token": "recorded", "token_type": "Bearer", "expires_in": "14399",
                             "issued_at": "1700000000000", "status": "approved"} if token else
                            {"response": {"errors": [{"code": "250002", "message": "recorded, not shipped"}]}}).encode()
        self.send_response(200 if token else 400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


@pytest.mark.db("sqlite")
def test_the_ups_connector_gets_the_box_weight_carton_addresses_and_service(site, floor, recorder):
    try:
        version()
    except KarrioMissing as exc:
        pytest.fail(str(exc))
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    site.order("S1", "UPS-1", [("S1-P1", 3)])
    release(site)
    pick_all(site, totes=("TOTE-0201",))
    from app.services import packing
    packer = site.actor("packer")
    view = packing.start(floor.uow(), packer, "TOTE-0201")
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"), quantity=3)
    code = view.suggested_carton
    view = packing.close(floor.uow(), packer, floor.packing, view.package_id, code, view.expected_weight_g + 7)
    with floor.reader() as uow:
        pkg = uow.session.get(Package, view.package_id)
        carton = uow.session.get(CartonType, code)
        body = shipment_body(labels.request_for(uow, pkg), "ups_worldwide_saver")
        weight_g, sides = pkg.weight_g, (carton.length_mm, carton.width_mm, carton.height_mm)
    url, seen = recorder
    done = subprocess.run([str(VENV / "bin" / "python"), "-I", str(ROOT / "tests/support/karrio_ups_request.py"), url],
                          input=json.dumps(body), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "recorded, not shipped" in done.stdout          # the connector read UPS's answer, no crash
    ship = [json.loads(b) for path, b in seen if path.startswith("/api/shipments/")]
    assert ship, f"UPS got no shipment request: {seen}"
    shipment = ship[0]["ShipmentRequest"]["Shipment"]
    package = shipment["Package"][0]
    assert package["PackageWeight"]["UnitOfMeasurement"]["Code"] == "KGS"
    assert float(package["PackageWeight"]["Weight"]) == pytest.approx(weight_g / 1000, abs=0.005)
    dims = package["Dimensions"]
    assert dims["UnitOfMeasurement"]["Code"] == "CM"
    assert sorted(float(dims[k]) for k in ("Length", "Width", "Height")) == sorted(
        round(mm / 10, 1) for mm in sides)
    assert shipment["Service"]["Code"] == "65"             # UPS Worldwide Saver
    to, origin = shipment["ShipTo"], shipment["ShipFrom"]
    assert (to["Name"], to["Address"]["City"], to["Address"]["PostalCode"], to["Address"]["CountryCode"]) == (
        "Zoë Łukasiewicz", "Warszawa", "00-050", "PL")
    assert (origin["Address"]["City"], origin["Address"]["PostalCode"], origin["Address"]["CountryCode"]) == (
        "Berlin", "10115", "DE")
    assert "Invalidenstraße" in " ".join(origin["Address"]["AddressLine"])
    assert shipment["ReferenceNumber"]["Value"] == "UPS-1"
    with floor.reader() as uow:
        assert uow.session.execute(select(Package.status)).scalar_one() == "labelled"   # FloorPost's, untouched
