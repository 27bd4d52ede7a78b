"""packaging/nginx/floor.conf in a real nginx on loopback, with a certificate made here by openssl,
in front of a real `floor serve --demo`: a kiosk logs in over HTTPS in Chromium, websocket included."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.conftest import PACKAGING
from tests.support.browser import VIEWPORT, Station, free_port

SITE = PACKAGING / "nginx" / "floor.conf"
pytestmark = pytest.mark.browser


@dataclass
class TlsProxy:
    https: str
    http: str
    prefix: Path
    process: subprocess.Popen | None = None

    def log(self, name: str) -> str:
        path = self.prefix / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def make_certificate(folder: Path) -> tuple[Path, Path]:
    crt, key = folder / "floor.crt", folder / "floor.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=floor.site.lan", "-keyout", str(key), "-out", str(crt),
                    "-addext", "subjectAltName=DNS:floor.site.lan,IP:127.0.0.1"], check=True, capture_output=True)
    return crt, key


def site_config(upstream_port: int, http_port: int, https_port: int, crt: Path, key: str) -> str:
    """The shipped site with this machine's ports and certificate; each edit must find its line."""
    text = SITE.read_text()
    edits = {
        "    listen 80;\n": f"    listen 127.0.0.1:{http_port};\n",
        "    listen [::]:80;\n": "",
        "    listen 443 ssl http2;\n": f"    listen 127.0.0.1:{https_port} ssl http2;\n",
        "    listen [::]:443 ssl http2;\n": "",
        "/etc/floor/tls/floor.crt": str(crt),
        "/etc/floor/tls/floor.key": str(key),
        "server 127.0.0.1:8550;": f"server 127.0.0.1:{upstream_port};",
    }
    for old, new in edits.items():
        assert text.count(old) == 1, f"packaging/nginx/floor.conf changed: {old!r} should be there once"
        text = text.replace(old, new)
    return text


def main_config(prefix: Path) -> str:
    """What /etc/nginx/nginx.conf gives a site on Debian, kept inside the test's folder."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's temp folders
    temp = "\n".join(f"    {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                             "uwsgi", "scgi"))
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
daemon off;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/access.log;
{temp}
    include {prefix}/floor.conf;
}}
"""


def nginx(prefix: Path, *args: str, **kw):
    return ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log"), *args]


@pytest.fixture(scope="module")
def tls_proxy(demo_server, tmp_path_factory):
    prefix = tmp_path_factory.mktemp("nginx")
    crt, key = make_certificate(prefix)
    http_port, https_port = free_port(), free_port()
    upstream = int(demo_server.url.rsplit(":", 1)[1])
    (prefix / "floor.conf").write_text(site_config(upstream, http_port, https_port, crt, str(key)))
    (prefix / "nginx.conf").write_text(main_config(prefix))
    proxy = TlsProxy(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", prefix)
    checked = subprocess.run(nginx(prefix, "-t"), capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proxy.process = subprocess.Popen(nginx(prefix), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=0.5).close()
            break
        except OSError:
            if proxy.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start:\n{proxy.log('error')}") from None
            time.sleep(0.05)
    yield proxy
    proxy.process.terminate()
    proxy.process.wait(timeout=10)


def fetch(url: str) -> tuple[int, dict, bytes]:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    try:
        with opener.open(url, timeout=10) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_nginx_accepts_the_site_configuration(tls_proxy):
    run = subprocess.run(nginx(tls_proxy.prefix, "-t"), capture_output=True, text=True)
    assert run.returncode == 0 and "syntax is ok" in run.stderr and "test is successful" in run.stderr


def test_plain_http_is_sent_to_https(tls_proxy):
    status, headers, _ = fetch(tls_proxy.http + "/login?station=kiosk")
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/login?station=kiosk"


def test_health_and_metrics_answer_over_https_with_hsts(tls_proxy):
    status, headers, body = fetch(tls_proxy.https + "/healthz")
    assert (status, body) == (200, b'{"status":"ok","database":"sqlite"}')
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    status, _, body = fetch(tls_proxy.https + "/metrics")   # from 127.0.0.1: allowed
    assert status == 200 and b"floor_database_up 1" in body


def test_a_kiosk_logs_in_over_https_through_the_proxy_websocket_and_all(tls_proxy, chromium):
    context = chromium.new_context(viewport=VIEWPORT, ignore_https_errors=True)
    try:
        station = Station(context.new_page(), tls_proxy.https).open("/login", kind="kiosk")
        assert station.page.url.startswith("https://")
        station.wait_text("Scan your badge.")
        station.log_in("1001", "1111", home="/pick")
        station.wait_text("Hello, Anna Kowalska")
        station.wait_text("Picker · Kiosk")
    finally:
        context.close()
    deadline = time.monotonic() + 10   # nginx writes a websocket's line when it closes
    while '"GET /ws HTTP/1.1" 101' not in (access := tls_proxy.log("access")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert '"GET /ws HTTP/1.1" 101' in access, f"Flet's websocket should be upgraded through nginx:\n{access}"
    assert '"GET /login?station=kiosk HTTP/2.0" 200' in access
