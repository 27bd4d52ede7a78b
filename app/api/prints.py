"""Printed documents for the station's browser: /print/{id}.pdf, where the id is made by the server."""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.api.deps import floor_of
from app.i18n import _
from app.services import printjobs
from printing.preview import first_page_png

router = APIRouter(tags=["printing"])
_PUBLIC_ID = re.compile(r"^[0-9a-f]{32}$")


@router.get("/print/{public_id}.pdf", summary="The PDF of a print job (labels, slips) for the browser to print")
def print_pdf(public_id: str, request: Request) -> Response:
    if not _PUBLIC_ID.match(public_id):
        raise HTTPException(404, _("No such print job."))
    floor = floor_of(request)
    pdf = printjobs.pdf_of(floor.reader(), floor.print_setup, public_id)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="floor-{public_id[:8]}.pdf"',
                             "Cache-Control": "private, max-age=300",
                             # the station shows it in a viewer inside its own page (assets/station.js)
                             "X-Frame-Options": "SAMEORIGIN", "Content-Security-Policy": "frame-ancestors 'self'"})


@router.get("/print/{public_id}.png", summary="A picture of the PDF's first page (the station's in-page viewer)")
def print_preview(public_id: str, request: Request) -> Response:
    if not _PUBLIC_ID.match(public_id):
        raise HTTPException(404, _("No such print job."))
    floor = floor_of(request)
    png = first_page_png(printjobs.pdf_of(floor.reader(), floor.print_setup, public_id))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.get("/print/{public_id}.csv", summary="A manifest's rows as CSV (for the carrier's system)")
def print_csv(public_id: str, request: Request) -> Response:
    if not _PUBLIC_ID.match(public_id):
        raise HTTPException(404, _("No such print job."))
    floor = floor_of(request)
    name, csv_text = printjobs.csv_of(floor.reader(), public_id)
    return Response(csv_text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
