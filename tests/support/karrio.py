"""A real karrio server for the tests (not a mock): its own venv (scripts/install-karrio.sh), SQLite, the
generic carrier (rates and buys PDF or ZPL labels without reaching any carrier).

    template = karrio_template()                 # migrated ONCE per karrio version, cached in tests/.data
    server = KarrioServer.start(template, tmp)   # a copy of it, uvicorn on a free port (~3 s)
    server.connect_generic()                     # a generic carrier connection; server.api_key for Floor
    server.stop(); server.restart()              # karrio down mid-shift, and back on the same port

The migration (~418 Django migrations, about a minute on one core) runs once per karrio version and machine:
the folder is kept under tests/.data/ (ignored by git) and copied per server; a lock lets parallel test
workers wait for one build instead of each migrating.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.browser import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("KARRIO_VENV") or ROOT / ".karrio-venv")
DATA = Path(os.environ.get("FLOOR_TEST_DATA") or ROOT / "tests" / ".data")
API_KEY = "key_floor_tests_0123456789abcdef"
ADMIN = "floor-tests@example.com"
_SETUP = f"""
from django.contrib.auth import get_user_model
from karrio.server.user.models import Token
User = get_user_model()
u = User.objects.filter(email={ADMIN!r}).first() or User.objects.create_superuser({ADMIN!r}, "floor-tests-pw")
Token.objects.filter(key={API_KEY!r}).exists() or Token.objects.create(user=u, label="floor tests", key={API_KEY!r})
print("token ready")
"""


class KarrioMissing(RuntimeError):
    pass


def version() -> str:
    """The installed karrio-server's version (from its dist-info), or KarrioMissing saying how to install."""
    found = sorted(VENV.glob("lib/python*/site-packages/karrio_server-*.dist-info"))
    if not (VENV / "bin" / "karrio").exists() or not found:
        raise KarrioMissing(f"karrio is not installed in {VENV}: run scripts/install-karrio.sh (make test does)")
    return found[-1].name.removesuffix(".dist-info").split("-")[1]


def environment(work_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_", "REDIS"))}
    env.update(WORK_DIR=str(work_dir), DATABASE_ENGINE="sqlite3", SECRET_KEY="floor-tests-not-a-secret",
               WORKER_IMMEDIATE_MODE="True", DEBUG_MODE="False", LOG_LEVEL="WARNING", ALLOWED_HOSTS="*",
               PATH=f"{VENV / 'bin'}:{env.get('PATH', '')}")
    return env


def karrio_template() -> Path:
    """The migrated karrio data folder (db.sqlite3 with a superuser and Floor's API key), built once per karrio
    version under tests/.data/ and shared by every test worker."""
    ready = DATA / f"karrio-{version()}"
    if (ready / "ready").exists():
        return ready
    DATA.mkdir(parents=True, exist_ok=True)
    with open(DATA / f"karrio-{version()}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # another worker may be building it: wait for that one
        if (ready / "ready").exists():
            return ready
        building = DATA / f"karrio-{version()}.building"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
        env = environment(building)
        for args, stdin in ((["migrate", "--no-input"], None), (["shell"], _SETUP)):
            done = subprocess.run([str(VENV / "bin" / "karrio"), *args], env=env, cwd=building, input=stdin,
                                  capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                raise RuntimeError(f"karrio {args[0]} failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
                                   f"{done.stderr[-3000:]}")
        shutil.rmtree(ready, ignore_errors=True)
        building.rename(ready)
        (ready / "ready").write_text(version())
    return ready


@dataclass
class KarrioServer:
    url: str
    port: int
    work_dir: Path
    process: subprocess.Popen | None = None
    api_key: str = API_KEY
    connections: list[dict] = field(default_factory=list)

    @classmethod
    def start(cls, template: Path, tmp_dir: Path, *, timeout: float = 60.0) -> KarrioServer:
        work = tmp_dir / "karrio"
        shutil.copytree(template, work, ignore=shutil.ignore_patterns("*.log", "ready"))
        port = free_port()
        server = cls(f"http://127.0.0.1:{port}", port, work)
        server.run(timeout)
        return server

    def run(self, timeout: float = 60.0) -> None:
        """Start uvicorn (again) on this server's port and wait until it answers."""
        log = open(self.work_dir / "server.log", "ab")
        self.process = subprocess.Popen(
            [str(VENV / "bin" / "uvicorn"), "karrio.server.asgi:application", "--host", "127.0.0.1",
             "--port", str(self.port), "--lifespan", "off", "--log-level", "warning"],
            env=environment(self.work_dir), cwd=self.work_dir, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"karrio exited with {self.process.returncode}:\n{self.log()}")
            try:
                self.call("GET", "/v1/connections")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"karrio did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        path = self.work_dir / "server.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.run()

    # ---- karrio's REST API --------------------------------------------------------------------------
    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Token {self.api_key}", "Content-Type": "application/json",
                     "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                text = reply.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"karrio {method} {path}: {exc.code} {exc.read()[:2000]!r}") from None
        return json.loads(text) if text else {}

    def connect_generic(self, name: str = "floorpost_karrio", display: str = "Floor Karrio Test") -> dict:
        """A generic (custom) carrier connection: rates and labels with no carrier behind it."""
        connection = self.call("POST", "/v1/connections", {
            "carrier_name": "generic", "carrier_id": name, "test_mode": True, "active": True,
            "credentials": {"display_name": display, "custom_carrier_name": name}})
        self.connections.append(connection)
        return connection

    def shipments(self) -> list[dict]:
        return self.call("GET", "/v1/shipments?limit=100").get("results", [])


if __name__ == "__main__":
    # `make test` builds the migrated template while the system packages install (both are slow, one is
    # the network's and the other a core's), so the tests that start karrio find it ready
    print(f"karrio template: {karrio_template()}")
