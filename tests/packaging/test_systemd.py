"""packaging/systemd: the units pass `systemd-analyze verify`, the user and folders they name are the
ones sysusers.d/tmpfiles.d make, and the environment file holds only settings Floor reads."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

from app.config import Settings
from tests.packaging.conftest import PACKAGING, REPO

SYSTEMD = PACKAGING / "systemd"
UNITS = ("floor.service", "floor-backup.service", "floor-backup.timer")
INSTALLED_FLOOR = "/opt/floor/venv/bin/floor"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read(SYSTEMD / name)
    return parser


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    # verify insists that ExecStart's program exists: point it at this checkout's `floor`
    beside_python = Path(sys.executable).with_name("floor")
    floor = str(beside_python) if beside_python.exists() else shutil.which("floor")
    for name in UNITS:
        text = (SYSTEMD / name).read_text()
        assert name.endswith(".timer") or INSTALLED_FLOOR in text
        (tmp_path / name).write_text(text.replace(INSTALLED_FLOOR, floor))

    run = subprocess.run(["systemd-analyze", "verify", *UNITS], cwd=tmp_path, capture_output=True, text=True)

    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "", f"systemd-analyze has remarks:\n{run.stderr}"


def test_both_services_are_locked_down_below_exposure_5(tmp_path):
    """`systemd-analyze security` (offline, on the unit files): 0 is locked down, 10 is fully exposed."""
    beside_python = Path(sys.executable).with_name("floor")
    for name in ("floor.service", "floor-backup.service"):
        (tmp_path / name).write_text((SYSTEMD / name).read_text().replace(INSTALLED_FLOOR, str(beside_python)))
        run = subprocess.run(["systemd-analyze", "security", "--offline=true", "--no-pager", name],
                             cwd=tmp_path, capture_output=True, text=True)
        level = re.search(r"Overall exposure level for \S+: ([\d.]+)", run.stdout)
        assert level, run.stdout + run.stderr
        assert float(level.group(1)) < 5, f"{name}: exposure {level.group(1)}\n{run.stdout}"


def test_the_service_runs_floor_serve_as_its_own_user_restarting_on_failure():
    service = unit("floor.service")["Service"]
    assert service["ExecStart"] == f"{INSTALLED_FLOOR} serve"
    assert service["User"] == service["Group"] == "floor"
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/floor/floor.env"
    assert service["StateDirectory"] == "floor" and service["WorkingDirectory"] == "/var/lib/floor"
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    backup = unit("floor-backup.service")["Service"]
    assert backup["ExecStart"] == f"{INSTALLED_FLOOR} backup /var/backups/floor --keep 14"
    assert backup["User"] == "floor" and "/var/backups/floor" in backup["ReadWritePaths"]
    assert unit("floor-backup.timer")["Timer"]["Persistent"] == "true"


def test_sysusers_and_tmpfiles_make_the_user_and_folders_the_units_name(tmp_path):
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)

    subprocess.run(["systemd-sysusers", f"--root={root}", str(SYSTEMD / "floor.sysusers.conf")],
                   check=True, capture_output=True)
    subprocess.run(["systemd-tmpfiles", f"--root={root}", "--create", str(SYSTEMD / "floor.tmpfiles.conf")],
                   check=True, capture_output=True)

    passwd = {line.split(":")[0]: line.split(":") for line in (root / "etc" / "passwd").read_text().splitlines()}
    assert passwd["floor"][5:] == ["/var/lib/floor", "/usr/sbin/nologin"]
    uid, gid = int(passwd["floor"][2]), int(passwd["floor"][3])
    backups = (root / "var" / "backups" / "floor").stat()
    assert (backups.st_uid, backups.st_gid, oct(backups.st_mode & 0o777)) == (uid, gid, "0o750")
    config = (root / "etc" / "floor").stat()
    assert (config.st_uid, config.st_gid, oct(config.st_mode & 0o777)) == (0, gid, "0o750")


def test_the_environment_file_sets_only_settings_floor_reads():
    text = (SYSTEMD / "floor.env").read_text()
    values = dict(re.findall(r"^([A-Z_]+)=(.*)$", text, re.M))
    mentioned = set(re.findall(r"^#?(FLOOR_[A-Z_]+)=", text, re.M))
    known = set(re.findall(r'"(FLOOR_[A-Z_]+)"', (REPO / "app" / "config.py").read_text()))
    assert mentioned <= known, f"settings Floor does not read: {mentioned - known}"

    settings = Settings.from_env(values)

    assert (settings.host, settings.port, settings.data_dir) == ("127.0.0.1", 8550, Path("/var/lib/floor"))
    assert settings.db_url == "sqlite:////var/lib/floor/floor.db"
    assert settings.public_url.startswith("https://")
    assert "#FLOOR_DATABASE_URL=postgresql+psycopg://" in text


def test_the_karrio_unit_verifies_and_is_locked_down_below_exposure_5(tmp_path):
    """packaging/systemd/karrio.service, its programs pointed at this machine's karrio venv."""
    from tests.support.karrio import VENV, version

    version()   # karrio is installed (scripts/install-karrio.sh), or this says how
    text = (SYSTEMD / "karrio.service").read_text().replace("/opt/karrio/venv", str(VENV))
    (tmp_path / "karrio.service").write_text(text)
    run = subprocess.run(["systemd-analyze", "verify", "karrio.service"], cwd=tmp_path, capture_output=True,
                         text=True)
    assert run.returncode == 0 and run.stderr.strip() == "", run.stderr
    run = subprocess.run(["systemd-analyze", "security", "--offline=true", "--no-pager", "karrio.service"],
                         cwd=tmp_path, capture_output=True, text=True)
    level = re.search(r"Overall exposure level for \S+: ([\d.]+)", run.stdout)
    assert level and float(level.group(1)) < 5, run.stdout + run.stderr
    service = unit("karrio.service")["Service"]
    assert service["User"] == "karrio"
    pins = [line.split("==")[0].strip().replace("_", "-").lower() for name in ("requirements", "constraints")
            for line in (REPO / "packaging" / f"karrio-{name}.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")]
    assert "karrio-server" in pins and "karrio-server-documents" not in pins   # it breaks karrio offline
