"""The built distribution: `python -m build` makes an sdist and a wheel (built from the sdist) that
carry everything Floor needs, and the wheel installed into a brand-new virtual environment serves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path

from tests.packaging.conftest import REPO
from tests.support.browser import free_port

NEEDED = (  # what the server, the labels and the migrations read at run time
    "assets/fonts/DejaVuSans.ttf", "assets/fonts/DroidSansFallbackFull.ttf", "assets/fonts/NanumGothic.ttf",
    "assets/fonts/NotoSansArabic-Regular.ttf", "assets/fonts/NotoSansThai-Regular.ttf",
    "assets/fonts/licenses/DejaVu.copyright", "assets/sounds/ok.wav", "assets/sounds/error.wav",
    "app/db/migrations/env.py", "app/db/migrations/script.py.mako",
    "app/db/migrations/versions/0001_foundation.py", "app/i18n/locales/en/LC_MESSAGES/floor.mo",
    "printing/_assets.py", "app/server.py",
    "assets/apidocs/swagger_ui/swagger-ui-bundle.js", "assets/apidocs/swagger_ui/swagger-ui.css",
    "assets/apidocs/swagger_ui/LICENSE", "assets/apidocs/redoc/redoc.standalone.js", "assets/apidocs/redoc/LICENSE",
)


def build_distributions(out: Path) -> Path:
    started = time.perf_counter()
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    print(f"\npython -m build (sdist, then the wheel from it): {time.perf_counter() - started:.1f} s")
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("floor_warehouse-*.whl")
    return wheel


def test_the_built_wheel_carries_everything_installs_into_a_fresh_venv_and_serves(tmp_path):
    """One test, so that the build (the slow part) happens once even when tests are spread over workers."""
    dist = build_distributions(tmp_path / "dist")
    carries_assets_migrations_and_catalogs(dist)
    installs_into_a_fresh_venv_and_serves(dist, tmp_path)


def carries_assets_migrations_and_catalogs(dist: Path) -> None:
    wheel = wheel_of(dist)
    names = set(zipfile.ZipFile(wheel).namelist())
    (sdist,) = dist.glob("floor_warehouse-*.tar.gz")
    with tarfile.open(sdist) as tar:
        in_sdist = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    print(f"wheel {wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB; sdist {sdist.stat().st_size / 1e6:.1f} MB")

    assert set(NEEDED) <= names, set(NEEDED) - names
    assert set(NEEDED) <= in_sdist, set(NEEDED) - in_sdist
    versions = {n for n in names if n.startswith("app/db/migrations/versions/") and n.endswith(".py")}
    assert versions == {n for n in (f"app/db/migrations/versions/{p.name}"
                                    for p in (REPO / "app/db/migrations/versions").glob("*.py"))}
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"floor = app.cli:main" in entry_points
    assert not [n for n in names if n.startswith(("tests/", "assets/screenshots/", "packaging/"))]


def wheelhouse(wheel: Path) -> Path:
    """The wheel's dependencies from PyPI, kept between runs (PyPI's answers here are not cached by pip)."""
    house = Path(os.environ.get("FLOOR_TEST_WHEELHOUSE", Path.home() / ".cache" / "floor-tests" / "wheelhouse"))
    house.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    fetched = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(house), str(wheel)],
                             capture_output=True, text=True)
    assert fetched.returncode == 0, fetched.stderr[-3000:]
    for own in house.glob("floor_warehouse-*.whl"):   # only the dependencies stay: each run installs the wheel it built
        own.unlink()
    print(f"\npip download of the dependencies (files already there are kept): {time.perf_counter() - started:.1f} s")
    return house


def installs_into_a_fresh_venv_and_serves(dist: Path, tmp_path: Path) -> None:
    wheel = wheel_of(dist)
    house = wheelhouse(wheel)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    started = time.perf_counter()
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                                "--no-index", "--find-links", str(house), str(wheel)], capture_output=True, text=True)
    took = time.perf_counter() - started
    assert installed.returncode == 0, installed.stderr[-3000:]
    print(f"pip install of the wheel and its dependencies into a new venv (no network): {took:.1f} s")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "FLOOR_"))}
    where = subprocess.run([str(python), "-c", (
        "import json, app, app.server as s, printing._assets as a, printing, printing.samples as x\n"
        "pdf = printing.render_pdf(x.shipping_label('chinese'))\n"
        "print(json.dumps([app.__file__, str(s.assets_dir()), str(a.fonts_dir()), len(pdf)]))")],
        cwd=tmp_path, env=env, capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    app_file, assets, fonts, pdf_bytes = json.loads(where.stdout)
    site_packages = str(venv / "lib")
    assert app_file.startswith(site_packages) and assets.startswith(site_packages) and fonts.startswith(site_packages)
    assert pdf_bytes > 10_000   # a label with CJK text, from the installed fonts

    port = free_port()
    data = tmp_path / "data"
    server_env = {**env, "FLOOR_DATA_DIR": str(data), "FLOOR_PORT": str(port), "FLOOR_HOST": "127.0.0.1",
                  "FLOOR_PIN_HASH_TIME_COST": "1", "FLOOR_PIN_HASH_MEMORY_KIB": "8192"}
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(venv / "bin" / "floor"), "serve", "--demo"], cwd=tmp_path, env=server_env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        health = wait_for(base + "/healthz", server, log)
        assert json.loads(health) == {"status": "ok", "database": "sqlite"}
        page = get(base + "/login?station=kiosk").decode()
        assert "flutter" in page.lower() and "<title>Floor</title>" in page
        assert get(base + "/sounds/ok.wav")[:4] == b"RIFF"   # assets served from the installed package
        assert b"floor_database_up 1" in get(base + "/metrics")
        assert (data / "floor.db").is_file()
    finally:
        server.terminate()
        server.wait(timeout=15)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as reply:
        assert reply.status == 200
        return reply.read()


def wait_for(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"floor serve exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            return get(url)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"floor serve did not answer in {timeout} s:\n{log.read_text()[-3000:]}")
