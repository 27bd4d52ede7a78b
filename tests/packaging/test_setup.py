"""What a new admin meets first: the README's promises, `floor --version`, one-line errors for a bad setting
or an unreachable database, `make run` without the test extras, `make test` on a system without apt,
package metadata, pinned dependencies, and Floor's own icon on a tablet's home screen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata

from fastapi.testclient import TestClient

from app.server import create_app
from tests.packaging.conftest import REPO

FLOOR = [sys.executable, "-m", "app.cli"]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())


def floor_run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FLOOR_")}
    return subprocess.run([*FLOOR, *args], capture_output=True, text=True, env={**clean, **env}, cwd=REPO,
                          timeout=60)


def test_floor_version_prints_the_installed_version():
    done = floor_run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"floor {metadata.version('floor-warehouse')}"


def test_a_bad_setting_is_one_line_not_a_traceback(tmp_path):
    done = floor_run("serve", FLOOR_PORT="abc", FLOOR_DATA_DIR=str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip() == "floor: Bad setting: FLOOR_PORT must be a whole number, got 'abc'."
    assert done.stdout == ""


def test_an_unreachable_database_is_one_line_not_a_traceback(tmp_path):
    url = "postgresql+psycopg://floor:secret@127.0.0.1:9/floor?connect_timeout=3"
    done = floor_run("db", "check", FLOOR_DATABASE_URL=url, FLOOR_DATA_DIR=str(tmp_path))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("floor: Cannot reach the database postgresql+psycopg://floor:***@127.0.0.1:9/floor")
    assert "secret" not in done.stderr and "Check FLOOR_DATABASE_URL" in lines[0]


def test_the_readme_says_which_python_and_which_systems():
    readme = (REPO / "README.md").read_text()
    assert "Python 3.11 or newer" in readme and "Debian 12" in readme and "Ubuntu" in readme
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


def test_make_run_installs_only_what_running_needs():
    makefile = (REPO / "Makefile").read_text()
    run_needs = re.search(r"^run: (.+)$", makefile, re.M).group(1).split()
    assert run_needs == ["$(VENV)/.installed-run"]
    recipe = re.search(r"^\$\(VENV\)/\.installed-run:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "-e ." in recipe and "[test]" not in recipe and "-c $(CONSTRAINTS)" in recipe


def test_make_test_on_a_system_without_apt_says_what_to_install(tmp_path):
    """PATH without dpkg and apt: the script names the missing programs instead of failing somewhere later."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    done = subprocess.run(["/bin/bash", str(REPO / "scripts" / "install-system-deps.sh")], capture_output=True,
                          text=True, env={"PATH": str(bin_dir)})
    assert done.returncode == 1
    assert "has no apt" in done.stderr and "missing programs:" in done.stderr and "chromium" in done.stderr


def test_make_test_stops_only_services_its_own_install_started():
    script = (REPO / "scripts" / "install-system-deps.sh").read_text()
    stops = [line for line in script.splitlines() if "$SUDO service" in line]
    assert stops == ['      $SUDO service "$service" stop >/dev/null 2>&1 || true']
    assert 'if [ "$pkg" = "$service" ]' in script   # only a package installed in this run


def test_the_package_metadata_is_clean():
    project = PYPROJECT["project"]
    assert project["name"] == "floor-warehouse"   # "floor" on the package index is an unrelated package
    assert project["license"] == "LicenseRef-Proprietary"   # an SPDX expression, not a table
    assert project["scripts"] == {"floor": "app.cli:main"}


def test_the_constraints_file_pins_every_runtime_dependency():
    pinned = {}
    for line in (REPO / "packaging" / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            pinned[re.sub(r"[-_.]+", "-", name).lower()] = version
    wanted = {re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", dep).group(0)).lower()
              for dep in PYPROJECT["project"]["dependencies"]}
    assert wanted <= set(pinned), wanted - set(pinned)
    assert pinned["flet"] == pinned["flet-web"] == "1.0.5"


def test_a_tablet_gets_floors_own_icon_and_theme_colour(floor):
    with TestClient(create_app(floor)) as client:
        manifest = client.get("/manifest.json").json()
        icon = client.get("/icons/icon-192.png")
        page = client.get("/").text
    assert (manifest["name"], manifest["short_name"], manifest["theme_color"]) == ("Floor", "Floor", "#0B3D91")
    assert icon.content == (REPO / "assets" / "icons" / "icon-192.png").read_bytes()
    assert "icons/apple-touch-icon-192.png" in page
