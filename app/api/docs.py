"""/docs (Swagger UI) and /redoc from files shipped in the package (assets/apidocs): they work offline.

Swagger UI 5.35.0 (swagger-ui-dist) and Redoc 2.5.4 (redoc) from the npm registry, with their licences
beside them. The validator badge (which would call out to swagger.io) and web fonts are switched off.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
# the pages may load only what this server serves: Redoc 2.5.4 asks cdn.redoc.ly for its logo in the side
# menu whatever its options say; the browser refuses that (the image hides itself) instead of going out
ONLY_OURS = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'")


def install(app: FastAPI, assets: Path) -> None:
    app.mount(ASSETS, StaticFiles(directory=assets / "apidocs"), name="apidocs")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url, title=f"{app.title} API",
            swagger_js_url=f"{ASSETS}/swagger_ui/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger_ui/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/swagger_ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True})
        page.headers["Content-Security-Policy"] = ONLY_OURS
        return page

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(openapi_url=app.openapi_url, title=f"{app.title} API",
                              redoc_js_url=f"{ASSETS}/redoc/redoc.standalone.js",
                              redoc_favicon_url=f"{ASSETS}/swagger_ui/favicon-32x32.png", with_google_fonts=False)
        page.headers["Content-Security-Policy"] = ONLY_OURS
        return page
