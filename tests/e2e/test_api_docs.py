"""/docs and /redoc in Debian's Chromium with every request off this server refused: both render the API
from files in the package (no CDN, no web fonts, no validator badge calling out), and the pages' own
Content-Security-Policy keeps the browser from even trying (Redoc's side-menu logo is on a CDN)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from tests.support.browser import VIEWPORT

SHOTS = Path(__file__).resolve().parents[2] / "assets" / "screenshots"


def offline_page(chromium, server_url: str):
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    outside: list[str] = []
    ours = urlsplit(server_url).netloc

    def route(r):
        if urlsplit(r.request.url).netloc == ours or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return context, page, outside


def test_swagger_ui_and_redoc_render_offline_from_the_package(floor_server, chromium):
    context, page, outside = offline_page(chromium, floor_server.url)
    try:
        page.goto(floor_server.url + "/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
        assert "Floor" in page.inner_text(".swagger-ui .info .title")
        page.wait_for_selector("#operations-orders-cancelOrder", timeout=30_000)
        assert page.locator(".btn.authorize").count() == 1            # the bearer scheme is there to use
        page.screenshot(path=str(SHOTS / "api-docs-swagger.png"))
        page.goto(floor_server.url + "/redoc")
        page.wait_for_selector(".api-info h1", timeout=30_000)
        assert "Floor" in page.inner_text(".api-info h1")
        page.wait_for_function("document.body.innerText.includes('Cancel an order that has not shipped')",
                               timeout=30_000)
        page.screenshot(path=str(SHOTS / "api-docs-redoc.png"))
        assert outside == [], outside
    finally:
        context.close()
