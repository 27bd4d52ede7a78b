"""The carrier adapter for a karrio server (https://karrio.io: rates, labels, trackers for 40+ carriers).

The connections and carrier accounts live in karrio; Floor knows its URL and an API key
(`FLOOR_KARRIO_URL`, `FLOOR_KARRIO_API_KEY`). Everything here is one HTTP call outside any database
transaction: the pack bench's services (app/services/labels.py) read what to send, call, then write.
A karrio or carrier that is down or says no becomes one sentence for the packer (CarrierProblem).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

from app.domain.carriers import Rate
from app.domain.errors import DomainError
from app.i18n import _

log = logging.getLogger("floor.karrio")


class CarrierProblem(DomainError):
    """karrio or the carrier did not sell the label; the package waits as awaiting label."""

    code = "carrier_problem"
    http_status = 502


@dataclass(frozen=True)
class Party:
    name: str
    company: str
    lines: tuple[str, ...]
    city: str
    postal_code: str
    country: str
    region: str = ""
    phone: str = ""
    email: str = ""

    def payload(self) -> dict[str, Any]:
        lines = [l for l in self.lines if l] or [self.city]
        out = {"person_name": self.name, "company_name": self.company or None, "address_line1": lines[0],
               "address_line2": " ".join(lines[1:]) or None, "city": self.city, "postal_code": self.postal_code,
               "country_code": self.country, "state_code": self.region or None, "phone_number": self.phone or None,
               "email": self.email or None}
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True)
class Commodity:
    """One order line's units in a parcel, as customs wants them."""

    sku: str
    description: str
    quantity: int
    weight_g: int            # all units together
    value: str               # one unit's declared value, a decimal string
    currency: str
    hs_code: str = ""
    origin_country: str = ""

    def payload(self) -> dict[str, Any]:
        out = {"sku": self.sku, "title": self.description[:35], "description": self.description[:100],
               "quantity": self.quantity, "weight": round(max(self.weight_g, 1) / 1000, 3), "weight_unit": "KG",
               "value_amount": float(self.value), "value_currency": self.currency,
               "hs_code": self.hs_code or None, "origin_country": self.origin_country or None}
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True)
class Parcel:
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int
    reference: str            # the package's SSCC: the generic carrier makes it the tracking number

    def payload(self) -> dict[str, Any]:
        return {"weight": round(self.weight_g / 1000, 3), "weight_unit": "KG",
                "length": round(self.length_mm / 10, 1), "width": round(self.width_mm / 10, 1),
                "height": round(self.height_mm / 10, 1), "dimension_unit": "CM",
                "packaging_type": "your_packaging", "reference_number": self.reference}


@dataclass(frozen=True)
class LabelRequest:
    shipper: Party
    recipient: Party
    parcel: Parcel
    reference: str                       # the order's reference, printed on the label
    label_format: str = "PDF"            # PDF | ZPL, what the station's printer takes
    service: str = ""                    # a service code, or "" to choose from the rates
    fixed_service: str = ""              # the seller's fixed choice
    days_left: int | None = None         # days until the promise (ship-by + service level)
    customs: tuple[Commodity, ...] = ()  # set when the parcel leaves the customs area
    return_shipment: bool = False

    def base(self) -> dict[str, Any]:
        return {"shipper": self.shipper.payload(), "recipient": self.recipient.payload(),
                "parcels": [self.parcel.payload()], "reference": self.reference}


@dataclass(frozen=True)
class Label:
    carrier: str                 # karrio's carrier name (generic, ups, usps, ...)
    service: str
    tracking_number: str
    shipment_id: str
    label_format: str            # pdf | zpl
    label: bytes
    customs_document: bytes = b""   # a commercial invoice / CN23 the carrier returned (PDF)
    rate: Rate | None = None
    request: dict = field(default_factory=dict, compare=False, repr=False)


class KarrioCarrier:
    """Buys labels from a karrio server. `buys_labels` tells the bench the label comes from outside."""

    buys_labels = True
    name = "karrio"

    def __init__(self, url: str, api_key: str, *, timeout: float = 20.0, transport: httpx.BaseTransport | None = None):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self._transport = transport

    def __repr__(self) -> str:
        return f"KarrioCarrier({self.url!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KarrioCarrier) and (self.url, self.api_key) == (other.url, other.api_key)

    def __hash__(self) -> int:
        return hash((self.url, self.api_key))

    # ---- HTTP ------------------------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        headers = {"Authorization": f"Token {self.api_key}", "Accept": "application/json"}
        try:
            with httpx.Client(timeout=self.timeout, transport=self._transport) as client:
                reply = client.request(method, f"{self.url}{path}", json=body, headers=headers)
        except httpx.TimeoutException:
            log.warning("karrio at %s did not answer in %.0f s (%s %s)", self.url, self.timeout, method, path)
            raise CarrierProblem(_("The carrier service (karrio) does not answer. The box waits for its label: "
                                   "try again in a minute.")) from None
        except httpx.HTTPError as exc:
            log.warning("karrio at %s unreachable (%s %s): %s", self.url, method, path, exc)
            raise CarrierProblem(_("The carrier service (karrio) is not reachable. The box waits for its label: "
                                   "try again in a minute.")) from None
        try:
            data = reply.json()
        except ValueError:
            data = {}
        if reply.status_code >= 400:
            reason = _reason(data) or f"HTTP {reply.status_code}"
            log.warning("karrio refused %s %s (%s): %s", method, path, reply.status_code, reason)
            if reply.status_code in (401, 403):
                raise CarrierProblem(_("karrio refused Floor's API key: an admin must fix the carrier setup."))
            if reply.status_code >= 500:
                raise CarrierProblem(_("The carrier service (karrio) failed: {reason}. Try again in a minute.",
                                       reason=reason))
            raise CarrierProblem(_("The carrier refused the label: {reason}.", reason=reason))
        return data if isinstance(data, dict) else {"results": data}

    # ---- what the bench asks ---------------------------------------------------------------------------
    def rates(self, request: LabelRequest) -> list[Rate]:
        body = {**request.base(), "services": []}
        if request.customs:
            body["customs"] = customs_payload(request)
        data = self._call("POST", "/v1/proxy/rates", body)
        return [Rate(r.get("carrier_name", ""), r.get("service", ""), float(r.get("total_charge") or 0),
                     r.get("currency") or "", r.get("transit_days")) for r in data.get("rates") or []]

    def buy(self, request: LabelRequest, service: str) -> Label:
        """Rate and buy in one call (karrio's `service` on POST /v1/shipments)."""
        body = shipment_body(request, service)
        data = self._call("POST", "/v1/shipments", body)
        tracking = data.get("tracking_number") or ""
        docs = data.get("shipping_documents") or []
        label = next((d for d in docs if d.get("category") in ("label", None) and d.get("base64")), None)
        raw = (label or {}).get("base64") or (data.get("docs") or {}).get("label") or ""
        if not tracking or not raw:
            raise CarrierProblem(_("The carrier sold no label (no tracking number or label came back)."))
        invoice = next((d.get("base64") for d in docs if d.get("category") in ("invoice", "customs_invoice",
                                                                              "commercial_invoice")), None) \
            or (data.get("docs") or {}).get("invoice") or ""
        fmt = ((label or {}).get("format") or data.get("label_type") or request.label_format).lower()
        rate = data.get("selected_rate") or {}
        return Label(carrier=data.get("carrier_name") or rate.get("carrier_name", ""),
                     service=data.get("service") or service, tracking_number=tracking,
                     shipment_id=data.get("id", ""), label_format="zpl" if fmt == "zpl" else "pdf",
                     label=base64.b64decode(raw), customs_document=base64.b64decode(invoice) if invoice else b"",
                     rate=Rate(rate.get("carrier_name", ""), rate.get("service", ""),
                               float(rate.get("total_charge") or 0), rate.get("currency") or "",
                               rate.get("transit_days")) if rate else None, request=body)

    def cancel(self, shipment_id: str) -> None:
        """Void a label bought twice (a retry that crossed another); a failure is logged, not raised."""
        try:
            self._call("POST", f"/v1/shipments/{shipment_id}/cancel")
        except CarrierProblem as exc:
            log.warning("could not void karrio shipment %s: %s", shipment_id, exc.message)

    def shipment(self, shipment_id: str) -> dict:
        return self._call("GET", f"/v1/shipments/{shipment_id}")


def shipment_body(request: LabelRequest, service: str) -> dict[str, Any]:
    """What POST /v1/shipments gets for a package (karrio's unified shipment request)."""
    body = {**request.base(), "service": service, "label_type": request.label_format.upper(), "options": {}}
    if request.customs:
        body["customs"] = customs_payload(request)
    if request.return_shipment:
        body["is_return"] = True
    return body


def customs_payload(request: LabelRequest) -> dict[str, Any]:
    currency = next((c.currency for c in request.customs if c.currency), "EUR")
    return {"content_type": "merchandise", "incoterm": "DDU", "commodities": [c.payload() for c in request.customs],
            "duty": {"paid_by": "recipient", "currency": currency},
            "invoice": request.reference, "certify": True, "signer": request.shipper.name}


def _reason(data: Any) -> str:
    """The first human message in a karrio error answer ({"errors": [...]} or {"messages": [...]})."""
    if not isinstance(data, dict):
        return ""
    for key in ("errors", "messages"):
        items = data.get(key) or []
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict):
                text = item.get("message") or item.get("detail")
                details = item.get("details")
                if not text and isinstance(details, dict):
                    text = "; ".join(f"{k}: {v}" for k, v in details.items())
                if text:
                    return str(text)[:200]
            elif item:
                return str(item)[:200]
    detail = data.get("detail")
    return str(detail)[:200] if detail else ""
