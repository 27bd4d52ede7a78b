"""packaging/kiosk/floor-kiosk: Chromium in kiosk mode on the station URL, opened again whenever it
closes; driven here with a stub browser that records how it was started."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.packaging.conftest import PACKAGING

LAUNCHER = PACKAGING / "kiosk" / "floor-kiosk"
BASH = shutil.which("bash")
STUB = """#!/bin/sh
# a stand-in browser: note the arguments, then close (or stay open when told to)
printf '%s\\n' "$*" >> "{log}"
[ -n "$STUB_STAY_OPEN" ] && exec sleep 60
exit {status}
"""


def stub_browser(tmp_path: Path, status: int = 1) -> tuple[Path, Path]:
    log = tmp_path / "starts.log"
    stub = tmp_path / "browser"
    stub.write_text(STUB.format(log=log, status=status))
    stub.chmod(0o755)
    return stub, log


def launch(tmp_path: Path, browser: Path, *args: str, **env: str) -> subprocess.Popen:
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path / "home"), "FLOOR_KIOSK_BROWSER": str(browser),
                   "FLOOR_KIOSK_RESTART_DELAY": "0", **env}
    return subprocess.Popen([BASH, str(LAUNCHER), *args], env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_the_browser_is_opened_again_each_time_it_closes(tmp_path):
    browser, log = stub_browser(tmp_path)

    run = launch(tmp_path, browser, "https://floor.site.lan", FLOOR_KIOSK_MAX_STARTS="3")
    out, err = run.communicate(timeout=20)

    assert run.returncode == 0, err
    starts = log.read_text().splitlines()
    assert len(starts) == 3
    assert len(set(starts)) == 1, "every start is the same station: same URL, same profile"
    args = starts[0].split()
    assert "--kiosk" in args and "--app=https://floor.site.lan?station=kiosk" in args
    assert f"--user-data-dir={tmp_path}/home/.local/share/floor-kiosk" in args
    assert "--autoplay-policy=no-user-gesture-required" in args   # scan beeps
    assert err.count("opening it again in 0s") == 2
    assert "3 starts done" in err


def test_app_mode_a_station_kind_and_a_url_that_already_has_a_query(tmp_path):
    browser, log = stub_browser(tmp_path, status=0)

    run = launch(tmp_path, browser, "https://floor.site.lan/login?lang=de", FLOOR_KIOSK_MAX_STARTS="1",
                 FLOOR_KIOSK_MODE="app", FLOOR_KIOSK_STATION="tablet", FLOOR_KIOSK_PROFILE=str(tmp_path / "p"))
    run.communicate(timeout=20)

    args = log.read_text().split()
    assert "--kiosk" not in args
    assert "--app=https://floor.site.lan/login?lang=de&station=tablet" in args
    assert f"--user-data-dir={tmp_path}/p" in args


def test_a_crash_does_not_bring_up_chromiums_restore_pages_bubble(tmp_path):
    browser, log = stub_browser(tmp_path)
    prefs = tmp_path / "p" / "Default" / "Preferences"
    prefs.parent.mkdir(parents=True)
    prefs.write_text('{"profile":{"exit_type":"Crashed","exited_cleanly":false}}')

    run = launch(tmp_path, browser, FLOOR_KIOSK_MAX_STARTS="1", FLOOR_KIOSK_PROFILE=str(tmp_path / "p"))
    run.communicate(timeout=20)

    assert prefs.read_text() == '{"profile":{"exit_type":"Normal","exited_cleanly":true}}'
    assert "--app=https://floor.site.lan?station=kiosk" in log.read_text()   # the default URL


def test_stopping_the_launcher_closes_the_browser_and_ends_the_loop(tmp_path):
    browser, log = stub_browser(tmp_path)
    run = launch(tmp_path, browser, "https://floor.site.lan", STUB_STAY_OPEN="1")
    deadline = time.monotonic() + 10
    while not (log.exists() and log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    (browser_pid,) = children_of(run.pid)

    run.send_signal(signal.SIGTERM)

    assert run.wait(timeout=10) == 0
    time.sleep(0.2)
    status = Path(f"/proc/{browser_pid}/status")
    assert not status.exists() or "zombie" in status.read_text(), "the browser outlived the launcher"
    assert len(log.read_text().splitlines()) == 1


def children_of(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def test_no_browser_installed_is_said_plainly(tmp_path):
    run = subprocess.run([BASH, str(LAUNCHER)], env={"PATH": str(tmp_path), "HOME": str(tmp_path)},
                         capture_output=True, text=True, timeout=10)
    assert run.returncode == 1
    assert "no Chromium found; apt-get install chromium" in run.stderr
