"""A private CUPS scheduler for tests: own config, spool, port and socket under a temp folder."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

# A test backend: floortest:/dir writes each job to dir/<job-id>.out; floortest:/fail/<reason> fails it
# (underscores in the reason become spaces).
BACKEND = """#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct floortest "Unknown" "Floor test backend"'; exit 0; fi
path="${DEVICE_URI#floortest:}"
case "$path" in
  /fail/*) echo "ERROR: ${path#/fail/}" | tr _ ' ' >&2; exit 1;;
esac
if [ $# -ge 6 ]; then cat "$6" > "$path/$1.out.part"; else cat > "$path/$1.out.part"; fi
mv "$path/$1.out.part" "$path/$1.out"
exit 0
"""


@dataclass
class CupsServer:
    """A running private cupsd: where to reach it and where its test queues write their jobs."""

    root: Path
    port: int
    process: subprocess.Popen

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def socket_path(self) -> str:
        return str(self.root / "cups.sock")

    @property
    def out(self) -> Path:
        return self.root / "out"

    def admin(self, *args: str) -> None:
        """Run a CUPS admin command (lpadmin, cupsdisable, ...) against this scheduler."""
        done = subprocess.run([args[0], "-h", self.server, *args[1:]], capture_output=True, timeout=20)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)}: {done.stderr.decode(errors='replace')}")

    def add_queue(self, name: str, device: str, *extra: str) -> None:
        self.admin("lpadmin", "-p", name, "-E", "-v", device, "-m", "raw", *extra)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(root: Path) -> CupsServer:
    """Write a private cupsd config under `root`, start cupsd in the foreground and wait until it answers."""
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    if not Path(cupsd).exists():
        raise RuntimeError("cupsd not found: install the Debian packages cups and cups-client")
    for sub in ("conf/ppd", "conf/ssl", "spool/tmp", "cache", "state/certs", "log", "out", "bin/backend"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    for name in ("filter", "daemon", "notifier", "cgi-bin", "monitor", "driver"):
        if Path(f"/usr/lib/cups/{name}").exists():
            (root / "bin" / name).symlink_to(f"/usr/lib/cups/{name}")
    backend = root / "bin/backend/floortest"
    backend.write_text(BACKEND)
    backend.chmod(0o700)  # owner-only: cupsd runs it as root, like the real device backends
    port = _free_port()
    (root / "cupsd.conf").write_text(f"""Listen 127.0.0.1:{port}
Listen {root}/cups.sock
LogLevel info
WebInterface No
Browsing No
DefaultAuthType None
JobRetryLimit 0
MaxJobs 0
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
    (root / "cups-files.conf").write_text(f"""ServerRoot {root}/conf
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ServerBin {root}/bin
DataDir /usr/share/cups
DocumentRoot /usr/share/cups/doc-root
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
FileDevice No
SystemGroup root
""")
    process = subprocess.Popen([cupsd, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=(root / "log/stderr").open("wb"))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"cupsd exited: {(root / 'log/stderr').read_text()} "
                f"{(root / 'log/error_log').read_text() if (root / 'log/error_log').exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return CupsServer(root, port, process)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("cupsd did not start listening within 20 s")


def wait_for(predicate, timeout: float = 20.0, every: float = 0.1):
    """Poll until predicate() returns something truthy; returns it (or the last value)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)
