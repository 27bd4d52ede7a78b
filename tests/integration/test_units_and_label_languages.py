"""Units and languages on labels and documents: an imperial warehouse's label says lb; the shipping label speaks
the warehouse's language with the destination's beside it (bilingual captions, as carriers print them); the
return label and packing slip speak the buyer's language when the order carries it (`ship_to.language`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pypdf
from fastapi.testclient import TestClient
from sqlalchemy import select, update

import printing
from app.db.models import Package, Rma, Warehouse
from app.domain.orders import AddressIn, LineIn, OrderIn
from app.domain.scales import grams_from_reply
from app.server import create_app
from app.services import documents, orders, packing, returns
from tests.support.factories import SYSTEM
from tests.support.flows import gtin_of, pack_and_ship, pick_all, release


def set_warehouse(floor, **values) -> None:
    with floor.uow() as uow:
        uow.session.execute(update(Warehouse).where(Warehouse.code == "W1").values(**values))
        uow.commit()


def order_to(site, ref: str, country: str, language: str = "", lines=(("S1-P1", 1),)):
    # a US address is checked against USPS Publication 28 at intake: a real one for the US
    where = (dict(name="Dana Reyes", lines=("350 5th Ave",), city="New York", region="NY", postal_code="10118")
             if country == "US" else dict(name="María Gómez", lines=("Av. Reforma 222",), city="Ciudad de México",
                                          postal_code="06600"))
    return orders.accept_order(site.floor.uow(), SYSTEM, OrderIn(
        external_ref=ref, warehouse="W1", service_level="standard",
        ship_by=datetime.now(UTC).replace(microsecond=0) + timedelta(hours=24),
        ship_to=AddressIn(**where, country=country, language=language), lines=tuple(LineIn(s, q) for s, q in lines)),
        seller="S1")


def pdf_text(doc) -> str:
    import io
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(printing.render_pdf(doc))).pages)


def shipped_package(site, ref: str, country: str, language: str = "", tote: str = "TOTE-U1") -> int:
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    order_to(site, ref, country, language)
    release(site)
    pick_all(site, totes=(tote,))
    pack_and_ship(site, tote)
    with site.floor.reader() as uow:
        return uow.session.execute(select(Package.id).order_by(Package.id.desc())).scalars().first()


def test_an_imperial_warehouses_shipping_label_says_pounds_and_its_words_are_bilingual(site, floor):
    set_warehouse(floor, units="imperial", language="en")
    package_id = shipped_package(site, "MX-1", "MX")
    with floor.reader() as uow:
        label = documents.shipping_label(uow, package_id)
        grams = uow.session.get(Package, package_id).weight_g
    assert label.weight_text.endswith((" lb", " oz"))
    words = dict(label.words)
    assert words["ship_to"] == "SHIP TO / DESTINATARIO" and words["from"] == "FROM / REMITENTE"
    assert words["order"] == "Order {ref}"                       # references: the warehouse's language alone
    text = pdf_text(label)
    assert "DESTINATARIO" in text and label.weight_text in text and " kg" not in text
    assert grams > 0                                              # stored in grams underneath


def test_a_spanish_warehouse_shipping_to_france_prints_spanish_then_french(site, floor):
    set_warehouse(floor, language="es")
    package_id = shipped_package(site, "FR-1", "FR")
    with floor.reader() as uow:
        words = dict(documents.shipping_label(uow, package_id).words)
    assert words["ship_to"] == "DESTINATARIO / DESTINATAIRE"
    assert words["package"] == "BULTO {i} DE {n} / COLIS {i} SUR {n}"


def test_the_return_label_and_packing_slip_speak_the_buyers_language(site, floor):
    package_id = shipped_package(site, "BUYER-FR", "MX", language="fr-CA")
    with floor.reader() as uow:
        slip = documents.packing_slip(uow, package_id)
        order_id = uow.session.get(Package, package_id).order_id
    assert dict(slip.words)["title"] == "BORDEREAU DE LIVRAISON" and "BORDEREAU DE LIVRAISON" in pdf_text(slip)
    rma = returns.authorise(floor.uow(), SYSTEM, order_id, [returns.LineRequest("S1-P1", 1, "too small")])
    with floor.reader() as uow:
        label = documents.return_label(uow, uow.session.execute(select(Rma.id).where(
            Rma.number == rma.number)).scalar_one())
    assert dict(label.words)["returns_to"] == "RETOURNER À" and label.service == "Retour gratuit"
    assert "RETOURNER À" in pdf_text(label)


def test_without_a_buyer_language_the_documents_speak_the_warehouses(site, floor):
    set_warehouse(floor, language="zh_Hans")
    package_id = shipped_package(site, "NO-LANG", "DE")
    with floor.reader() as uow:
        slip = documents.packing_slip(uow, package_id)
        label = documents.shipping_label(uow, package_id)
    assert dict(slip.words)["title"] == "装箱单"
    assert dict(label.words)["ship_to"] == "收件人"               # Germany: no second language Floor speaks


def test_the_api_takes_and_returns_the_buyers_language(site, floor):
    body = {"external_ref": "API-LANG", "warehouse": "W1", "ship_by": "2026-12-24T16:00:00+00:00",
            "ship_to": {"name": "Zoé", "lines": ["1 rue de Rivoli"], "city": "Paris", "country": "FR",
                        "language": "fr-FR"}, "lines": [{"sku": "S1-P1", "quantity": 1}]}
    with TestClient(create_app(floor)) as client:
        made = client.post("/api/v1/orders", json=body, headers={"Authorization": f"Bearer {site.tokens['S1']}"})
        assert made.status_code == 201, made.text
        assert made.json()["ship_to"]["language"] == "fr"
        bad = client.post("/api/v1/orders", json={**body, "external_ref": "API-LANG-2",
                                                  "ship_to": {**body["ship_to"], "language": "français!"}},
                          headers={"Authorization": f"Bearer {site.tokens['S1']}"})
        assert bad.status_code == 422 and "ship_to.language" in str(bad.json()["fields"])


def test_a_scale_reading_in_pounds_or_ounces_is_taken_in_grams():
    assert grams_from_reply("S S      2.50 lb") == 1134
    assert grams_from_reply("S S     12.0 oz") == 340


def test_an_imperial_held_package_says_what_it_weighs_in_pounds(site, floor):
    set_warehouse(floor, units="imperial")
    site.receive("S1", "S1-P1", "W1-A-3", 5)
    order_to(site, "HEAVY", "US")
    release(site)
    pick_all(site, totes=("TOTE-HV",))
    packer = site.actor("packer")
    view = packing.start(floor.uow(), packer, "TOTE-HV")
    view = packing.pack_item(floor.uow(), packer, view.package_id, gtin_of(site, "S1-P1"))
    view = packing.close(floor.uow(), packer, floor.packing, view.package_id, "M", 9000)
    assert view.status == "held"
    assert view.message.startswith("Weight is off by ") and " lb:" in view.message
