"""The seller API on a live `floor serve`, on SQLite and on PostgreSQL: Schemathesis fuzzes every operation
(0 server errors, every answer as documented, every error as problem details), and a client generated from
the served openapi.json by openapi-python-client creates, lists and cancels an order and reads a problem."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from xml.etree import ElementTree

import pytest

from app.bootstrap import Floor
from app.config import Settings
from app.db import migrate
from app.db.engine import Database
from tests.conftest import FAST_PINS
from tests.support.browser import free_port
from tests.support.factories import build_site
from tests.support.postgres import copy_database, drop_databases

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
EXAMPLES = int(os.environ.get("FLOOR_SCHEMATHESIS_EXAMPLES", "12"))   # per operation and phase


class ApiServer:
    """`floor serve` (no demo) on a database holding the test site: sellers S1, S2 with tokens, stock."""

    def __init__(self, data: Path, database_url: str) -> None:
        self.port, self.data, self.database_url = free_port(), data, database_url
        settings = Settings(data_dir=data, database_url=database_url)
        db = Database.connect(settings.db_url)
        migrate.upgrade(db.engine)
        floor = Floor(settings=settings, db=db, login_policy=FAST_PINS)
        site = build_site(floor, users=False)
        site.receive("S1", "S1-P1", "W1-A-3", 50)
        self.tokens = site.tokens
        floor.close()
        env = {**os.environ, "FLOOR_DATA_DIR": str(data), "FLOOR_DATABASE_URL": database_url,
               "FLOOR_PORT": str(self.port), "FLOOR_HOST": "127.0.0.1"}
        self.log = open(data / "server.log", "wb")
        self.process = subprocess.Popen([sys.executable, "-c", "from app.cli import main; main()", "serve"],
                                        cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise TimeoutError((data / "server.log").read_text()[-3000:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.log.close()

    def server_log(self) -> str:
        return (self.data / "server.log").read_text(errors="replace")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_server(request, tmp_path_factory):
    data = tmp_path_factory.mktemp(f"api-{request.param}")
    drop = []
    if request.param == "postgresql":
        name, url = copy_database(request.getfixturevalue("pg_admin_url"), request.getfixturevalue("pg_template"),
                                  "api")
        drop.append(name)
    else:
        url = ""
    server = ApiServer(data, url)
    yield server
    server.stop()
    if drop:
        drop_databases(request.getfixturevalue("pg_admin_url"), drop)


def test_schemathesis_finds_no_server_error_and_every_answer_as_documented(api_server, tmp_path):
    """Every operation, with every check but positive_data_acceptance (valid-looking orders for SKUs that do
    not exist are refused, rightly) and ignored_auth (the print PDFs are for stations, by unguessable id)."""
    report = tmp_path / "junit.xml"
    run = subprocess.run(
        [str(BIN / "schemathesis"), "run", f"{api_server.url}/openapi.json",
         "-H", f"Authorization: Bearer {api_server.tokens['S1']}", "--checks", "all",
         "--exclude-checks", "positive_data_acceptance,ignored_auth", "-n", str(EXAMPLES), "--seed", "14",
         "--phases", "examples,coverage,fuzzing,stateful", "--workers", "2", "--report", "junit",
         "--report-junit-path", str(report), "--request-timeout", "10"],
        capture_output=True, text=True, cwd=tmp_path, timeout=900,   # its cache folder goes there too
        env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.e2e.schemathesis_hooks", "PYTHONPATH": str(ROOT)})
    out = run.stdout + run.stderr
    print(out[-1500:])
    assert "Server error" not in out and " 500 " not in out.split("SUMMARY")[-1]
    assert run.returncode == 0, out[-6000:]
    suites = ElementTree.parse(report).getroot()
    cases = suites.findall(".//testcase")
    assert len(cases) >= 20                                        # every operation was run
    assert not suites.findall(".//failure") and not suites.findall(".//error")
    assert "Traceback" not in api_server.server_log()


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory, api_server):
    """The client openapi-python-client makes from the served description (no network needed)."""
    out = tmp_path_factory.mktemp("client")
    with urllib.request.urlopen(api_server.url + "/openapi.json", timeout=10) as reply:
        (out / "openapi.json").write_bytes(reply.read())
    package = f"floor_client_{uuid.uuid4().hex[:6]}"
    made = subprocess.run([str(BIN / "openapi-python-client"), "generate", "--path", "openapi.json", "--meta",
                           "none", "--output-path", package], cwd=out, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    warnings = [w for w in made.stdout.split("WARNING")[1:] if "application/pdf" not in w]
    assert not warnings, warnings                                  # only the PDF download is left to httpx
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package), package
    finally:
        sys.path.remove(str(out))
        shutil.rmtree(out, ignore_errors=True)


def test_a_generated_client_creates_lists_and_cancels_an_order_and_reads_problem_details(api_server,
                                                                                          generated_client):
    client_pkg, name = generated_client
    api = importlib.import_module(f"{name}.api.orders")
    models = importlib.import_module(f"{name}.models")
    for op in ("create_order", "list_orders", "cancel_order", "get_order"):
        importlib.import_module(f"{name}.api.orders.{op}")
    client = client_pkg.AuthenticatedClient(base_url=api_server.url, token=api_server.tokens["S1"])
    body = models.OrderBody.from_dict({
        "external_ref": f"GEN-{uuid.uuid4().hex[:8]}", "warehouse": "W1", "service_level": "standard",
        "ship_by": "2030-01-01T12:00:00Z", "lines": [{"sku": "S1-P1", "quantity": 2}],
        "ship_to": {"name": "Grace Hopper", "lines": ["1 Navy Way"], "city": "Arlington", "region": "VA",
                    "postal_code": "22202", "country": "US"}})
    made = api.create_order.sync(client=client, body=body, idempotency_key=f"gen-{uuid.uuid4()}")
    assert isinstance(made, models.Order) and made.status == "open" and made.lines[0].quantity == 2

    page = api.list_orders.sync(client=client, limit=50)
    assert isinstance(page, models.PageOrderSummary) and made.id in [o.id for o in page.items]

    done = api.cancel_order.sync(client=client, order_id=made.id,
                                 body=models.CancelBody.from_dict({"reason": "generated client"}))
    assert isinstance(done, models.Cancelled) and done.order.status == "cancelled"

    missing = api.get_order.sync(client=client, order_id=2**31 - 1)
    assert isinstance(missing, models.Problem)
    assert (missing.status, missing.error, missing.type_) == (404, "not_found", "urn:floor:problem:not_found")
    bad = api.create_order.sync(client=client, body=models.OrderBody.from_dict(
        {**body.to_dict(), "lines": [{"sku": "NOPE", "quantity": 1}], "external_ref": "GEN-BAD"}))
    assert isinstance(bad, models.Problem) and bad.status == 422 and "lines[0].sku" in bad.fields.to_dict()
    anonymous = client_pkg.Client(base_url=api_server.url)
    refused = api.list_orders.sync_detailed(client=anonymous)
    assert refused.status_code == 401 and isinstance(refused.parsed, models.Problem)
    assert refused.headers["www-authenticate"].startswith("Bearer")


def test_a_huge_id_answers_422_and_the_same_keep_alive_connection_serves_the_next_request(api_server):
    import http.client
    import json

    conn = http.client.HTTPConnection("127.0.0.1", api_server.port, timeout=10)
    headers = {"Authorization": f"Bearer {api_server.tokens['S1']}"}
    try:
        for path in (f"/api/v1/orders/{2**63}", f"/api/v1/inbounds/{2**64}", "/api/v1/returns/" + "9" * 25):
            conn.request("GET", path, headers=headers)
            reply = conn.getresponse()
            body = json.loads(reply.read())
            assert reply.status in (404, 422) and reply.getheader("content-type") == "application/problem+json"
            assert body["status"] == reply.status
            conn.request("GET", "/api/v1/orders?limit=1", headers=headers)   # same socket, no reset
            again = conn.getresponse()
            assert again.status == 200 and json.loads(again.read())["items"] is not None
    finally:
        conn.close()
